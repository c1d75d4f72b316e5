"""Pages and probes of the atlas itself."""

from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from hazards.selectors import layers_visible


@never_cache
def healthz(request):
    """200 with the PostgreSQL and PostGIS versions when the database answers; 503 otherwise."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_setting('server_version'), PostGIS_Lib_Version(), PostGIS_GEOS_Version()")
            postgres, postgis, geos = cursor.fetchone()
    except DatabaseError as exc:
        return JsonResponse({"status": "error", "detail": str(exc)}, status=503)
    return JsonResponse({"status": "ok", "postgres": postgres, "postgis": postgis, "geos": geos})


def home(request):
    """The atlas's front page (the interactive map replaces it)."""
    return render(request, "atlas/home.html", {"layers": layers_visible(request.user)})
