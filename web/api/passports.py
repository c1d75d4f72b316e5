"""GET /api/v1/passports/{iso3}/ and /api/v1/passports/{iso3}/{area}/ — the passport as JSON."""

from django.utils.translation import get_language
from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from alerts.selectors import country_alerts
from hazards.access import audience_for
from hazards.coverage import coverage_matrix
from hazards.passports import passport, passport_unit, regional_overview
from web.derived import overview_freshness, passport_freshness

from .passport_schemas import CoverageOut, PassportOut, PassportOverviewOut


def _passport(request, iso3: str, area: str | None = None):
    """The passport with the country's public alerts — an area's: those reaching into it — in force, then the last
    year's, in the request's language; a 304 when the client holds it (web.derived), a 404 for no such unit
    before either."""
    country, _area = passport_unit(iso3, area)
    alerts = country_alerts(country.iso3, get_language(), area_code=area)
    freshness = passport_freshness(request, country.iso3, alerts)
    if early := freshness.answer(request):
        return early
    return freshness.stamp(Response({**passport(iso3, area, audience=audience_for(request.user)), "alerts": alerts}))


def _fresh(request, answer):
    """An answer of the matrix or coverage: a 304 when the client holds it, else `answer()` with its validators."""
    freshness = overview_freshness(request)
    return freshness.answer(request) or freshness.stamp(Response(answer()))


class PassportOverview(APIView):
    @extend_schema(responses={200: PassportOverviewOut}, operation_id="passport_overview",
                   summary="The 5x5 matrix of transboundary hazards and the levels per member country")
    def get(self, request):
        return _fresh(request, lambda: regional_overview(audience=audience_for(request.user)))


class Passport(APIView):
    @extend_schema(responses={200: PassportOut}, operation_id="passport",
                   summary="Hazard passport of a member country: levels with evidence, exposure, shared hazards")
    def get(self, request, iso3):
        return _passport(request, iso3)


class AreaPassport(APIView):
    @extend_schema(responses={200: PassportOut}, operation_id="passport_area",
                   summary="Hazard passport of an admin area (code as in /api/v1/admin-areas/)")
    def get(self, request, iso3, area):
        return _passport(request, iso3, area)


class Coverage(APIView):
    @extend_schema(responses={200: CoverageOut}, operation_id="coverage",
                   summary="What the atlas holds per member country and hazard type: layers, features, how recent")
    def get(self, request):
        return _fresh(request, lambda: {"coverage": coverage_matrix(audience=audience_for(request.user))})
