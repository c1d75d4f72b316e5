"""The public page of one alert, /alerts/{identifier}/: what the CAP's <web> links to (alerts.public). The reader's
language (the site's switch), the area on a small MapLibre map (static/atlas/js/alerts/page.js), the state — in
force, updated (with the newer message), cancelled, expired. Private and Restricted messages answer 404 to anyone
who may not read them."""

from django.http import Http404
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from django.views.decorators.http import require_GET

from alerts.page import alert_page
from hazards.errors import NotFound


@require_GET
def alert_public_page(request, identifier: str):
    """One message's page; 404 when there is none the reader may see."""
    try:
        page = alert_page(request.user, identifier, language=translation.get_language())
    except NotFound:
        raise Http404(f"no alert {identifier}") from None
    config = {"area": page.area, "severity": page.info.severity if page.info else "Unknown",
              "vendor": {"maplibre": static("vendor/maplibre-gl/maplibre-gl.mjs")},
              "tiles": {"countries": request.build_absolute_uri(
                  reverse("tiles:boundary-root", kwargs={"source": "countries"})) + "{z}/{x}/{y}.pbf"}}
    response = render(request, "alerts/public.html", {"page": page, "config": config})
    public = page.alert.scope == page.alert.Scope.PUBLIC
    # The state changes with the clock and with later messages: revalidated at every use.
    response["Cache-Control"] = "public, no-cache" if public else "private, no-store"
    response["Vary"] = "Accept-Language, Cookie, Authorization"
    return response
