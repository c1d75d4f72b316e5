"""The early-warning pages: the dashboard of focal points, duty officers and the regional centre (open incidents,
per neighbour how far each message got, drills), and the composer where a duty officer drafts an alert on a map,
sees its reach and sends it. Both in the reader's language; the composer works through the REST API."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from django.views.decorators.http import require_POST

from alerts import dashboard as board
from alerts import services
from alerts.models import Alert
from alerts.selectors import alert_for, focal_points_of
from alerts.wording import term, wording_for
from hazards.access import can_issue_alerts, can_issue_any_alerts
from hazards.errors import DomainError
from hazards.models import Country, HazardType
from web.pages.vendor import maplibre_urls
from web.urls import url_template

from .serializers import CATEGORIES, CERTAINTY, SEVERITY, URGENCY


@login_required
def dashboard(request):
    """Open incidents first, then the last days' (`?days=`, 30 by default); per neighbour the step reached and
    the minutes to each; the drills report."""
    try:
        days = min(max(int(request.GET.get("days", 30)), 1), 366)
    except ValueError:
        days = 30
    language = translation.get_language()
    rows = board.incidents(request.user, days=days)
    for row in rows:
        row.shown_info = row.info(language)
        row.severity = term(row.shown_info.severity) if row.shown_info else ""
    return render(request, "alerts/dashboard.html", {
        "incidents": rows, "days": days, "exercises": board.exercise_report(request.user),
        "steps": board.Step.ORDER, "can_issue": can_issue_any_alerts(request.user),
        "focal_points": list(focal_points_of(request.user)),
        "received": board.received_messages(request.user, language=(language or "en")[:2], days=days),
    })


@login_required
@require_POST
def dashboard_acknowledge(request, pk: int):
    """An operator acknowledgement from the dashboard (records the CAP Ack like the API and the e-mail link)."""
    try:
        alert = alert_for(request.user, pk)
        services.acknowledgement_operator(alert=alert, user=request.user, note=request.POST.get("note", "")[:2000])
    except DomainError as exc:
        messages.error(request, str(exc.detail))
    else:
        messages.success(request, translation.gettext("Acknowledged: %(identifier)s") % {
            "identifier": alert.identifier})
    return redirect("alerts-dashboard")


def _countries_for(user) -> list[Country]:
    members = Country.objects.filter(is_member=True).order_by("iso3")
    return [country for country in members if can_issue_alerts(user, country)]


def _choices(values: list[str]) -> list[dict]:
    return [{"value": value, "label": term(value)} for value in values]


@login_required
def compose(request):
    """Draft an alert: area drawn, picked as admin areas or from a file, on the map; the reach; send."""
    countries = _countries_for(request.user)
    if not countries:
        raise PermissionDenied(translation.gettext("Only duty officers and regional administrators issue alerts."))
    language = translation.get_language()
    hazards = [h for h in HazardType.objects.exclude(code=HazardType.CONTEXT)]
    config = {
        "lang": language,
        "languages": list(settings.CAP_LANGUAGES),
        "countries": [{"iso3": c.iso3, "name": c.name} for c in countries],
        "names": {c.iso3: c.name for c in Country.objects.all()},
        "hazards": [{"code": h.code, "name": h.name, "influenceKm": h.influence_km} for h in hazards],
        "wording": {h.code: wording_for(h.code, list(settings.CAP_LANGUAGES)) for h in hazards},
        "statuses": [{"value": value, "label": str(label)} for value, label in Alert.Status.choices
                     if value in (Alert.Status.ACTUAL, Alert.Status.EXERCISE, Alert.Status.TEST)],
        "categories": _choices(CATEGORIES), "urgency": _choices(URGENCY), "severity": _choices(SEVERITY),
        "certainty": _choices(CERTAINTY),
        "api": {"alerts": reverse("api:alert-list"),
                "alert": url_template("api:alert-detail", pk=("int", "id")),
                "reach": url_template("api:alert-reach", pk=("int", "id")),
                "send": url_template("api:alert-send", pk=("int", "id")),
                "areaFile": reverse("api:alert-area-file"),
                "adminAreas": reverse("api:admin-area-list"), "search": reverse("api:search")},
        "pages": {"dashboard": reverse("alerts-dashboard")},
        "tiles": {"countries": reverse("tiles:boundary-root", kwargs={"source": "countries"}) + "{z}/{x}/{y}.pbf",
                  "basemap": reverse("tiles:basemap-root") + "{z}/{x}/{y}.pbf"},
        "vendor": {**maplibre_urls(), "glyphs": static("vendor/glyphs/") + "{fontstack}/{range}.pbf"},
        "maxVertices": settings.CAP_POLYGON_MAX_VERTICES,
    }
    return render(request, "alerts/compose.html", {"config": config})
