"""Passport pages: the regional overview, a page per country and admin area, their PDF, matrix cells."""

import weasyprint
from django.contrib.staticfiles import finders
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.dateparse import parse_datetime
from django.utils.translation import get_language

from alerts.selectors import country_alerts
from hazards.access import audience_for
from hazards.errors import NotFound
from hazards.models import HazardType
from hazards.passport_map import passport_map
from hazards.passports import country_names, hazard_names, matrix_cell, passport, passport_unit, regional_overview
from web.derived import overview_freshness, passport_freshness

from .charts import decade_chart

PASSPORT_CSS = "atlas/css/passport.css"  # the pages link it; the PDF gets it from here (no request to ourselves)


def _unit_or_404(iso3, area_code):
    try:
        return passport_unit(iso3, area_code)
    except NotFound as missing:
        raise Http404(str(missing.detail)) from missing


def _passport_page(request, iso3, area_code, render_page):
    """A passport page (HTML or PDF): 404 for no such unit, 304 when the client holds it (web.derived), else
    `render_page(context)` with its validators."""
    country, area = _unit_or_404(iso3, area_code)
    alerts = country_alerts(country.iso3, get_language(), area_code=area_code)
    freshness = passport_freshness(request, country.iso3, alerts)
    if early := freshness.answer(request):
        return early
    data = passport(iso3, area_code, audience=audience_for(request.user))
    data["alerts"] = [{**row, "sent_at": parse_datetime(row["sent"])} for row in alerts]
    colours = dict(HazardType.objects.exclude(code=HazardType.CONTEXT).values_list("code", "colour"))
    names = hazard_names()
    legend = [{"name": names.get(code, code), "colour": colour} for code, colour in colours.items()]
    context = {"p": data, "chart": decade_chart(data["events_by_decade"], colours, names), "legend": legend,
               "map": passport_map(country, area)}
    return freshness.stamp(render_page(context))


def overview(request):
    freshness = overview_freshness(request)
    return freshness.answer(request) or freshness.stamp(render(
        request, "passport/overview.html", {"o": regional_overview(audience=audience_for(request.user))}))


def country_or_area(request, iso3, area_code=None):
    return _passport_page(request, iso3, area_code,
                          lambda context: render(request, "passport/passport.html", context))


def pdf(request, iso3, area_code=None):
    """The passport as a PDF made on the server (WeasyPrint; DejaVu fonts render Cyrillic and Kazakh)."""
    def write(context):
        html = render_to_string("passport/passport.html", {**context, "pdf": True}, request=request)
        document = weasyprint.HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf(
            stylesheets=[weasyprint.CSS(filename=finders.find(PASSPORT_CSS))])
        name = f"passport-{iso3}{'-' + area_code if area_code else ''}-{get_language()}.pdf"
        response = HttpResponse(document, content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{name}"'
        return response

    return _passport_page(request, iso3, area_code, write)


def cell(request, origin, target):
    names = country_names()
    origin, target = origin.upper(), target.upper()
    if origin not in names or target not in names:
        raise Http404("no such country")
    freshness = overview_freshness(request)
    return freshness.answer(request) or freshness.stamp(render(request, "passport/cell.html", {
        "origin": origin, "target": target, "origin_name": names[origin], "target_name": names[target],
        "features": matrix_cell(origin, target, audience=audience_for(request.user))}))
