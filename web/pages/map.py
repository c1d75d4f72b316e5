"""Pages and probes of the atlas itself."""

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from django.views.decorators.cache import never_cache

from hazards.access import can_upload
from hazards.models import Country
from web.pages.vendor import maplibre_urls
from web.urls import url_template


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


def _boundary_tiles(source: str) -> str:
    return reverse("tiles:boundary-root", kwargs={"source": source}) + "{z}/{x}/{y}.pbf"


def map_page(request):
    """The interactive map. `?lang=ru|en|kk` (kept in permalinks) chooses the language and remembers it."""
    lang = request.GET.get("lang")
    if lang in dict(settings.LANGUAGES):
        translation.activate(lang)
        request.LANGUAGE_CODE = lang
    config = {
        "lang": translation.get_language(),
        "api": {"layers": reverse("api:layer-list"), "search": reverse("api:search"),
                "hazardTypes": reverse("api:hazard-type-list"),
                "feature": url_template("api:layer-feature", slug=("slug", "slug"), fid=("int", "id")),
                "passportArea": url_template("api:passport-area", iso3=("str", "iso3"), area=("str", "area"))},
        "pages": {"passportArea": url_template("passport-area", iso3=("str", "iso3"), area_code=("str", "area")),
                  "passportCountry": url_template("passport", iso3=("str", "iso3"))},
        "tiles": {"countries": _boundary_tiles("countries"), "adminAreas": _boundary_tiles("admin-areas"),
                  "countryLabels": _boundary_tiles("country-labels"),
                  "adminAreaLabels": _boundary_tiles("admin-area-labels"),
                  "basemap": reverse("tiles:basemap-root") + "{z}/{x}/{y}.pbf",
                  # The active alerts this user may read, texts in the page's language (per user: never cached).
                  "alerts": reverse("tiles:alerts-root") + "{z}/{x}/{y}.mvt?lang=" + translation.get_language()},
        # The WebGL renderer (loaded by the page's module) and its label glyphs, all collected static files.
        "vendor": {**maplibre_urls(),
                   "glyphs": static("vendor/glyphs/") + "{fontstack}/{range}.pbf",
                   "world": static("vendor/world-atlas/countries-50m.json"),
                   "countryCodes": static("vendor/i18n-iso-countries/codes.json"),
                   "countryNames": static(f"vendor/i18n-iso-countries/langs/{translation.get_language()}.json")},
        "basemap": {"url": settings.BASEMAP_URL, "attribution": settings.BASEMAP_ATTRIBUTION},
        "members": list(Country.objects.filter(is_member=True).values("iso3", "name_ru", "name_en", "name_kk")),
        "countries": {c["iso3"]: c[f"name_{translation.get_language()}"] or c["name_en"]
                      for c in Country.objects.values("iso3", "name_ru", "name_en", "name_kk")},
        "canUpload": can_upload(request.user),
        "uploadUrl": reverse("upload"),
    }
    response = render(request, "atlas/map.html", {"config": config})
    if lang in dict(settings.LANGUAGES):
        response.set_cookie(settings.LANGUAGE_COOKIE_NAME, lang, samesite="Lax")
    return response
