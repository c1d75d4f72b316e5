"""GET /api/v1/passports/{iso3}/ and /api/v1/passports/{iso3}/{area}/ — the passport as JSON."""

from django.utils.translation import get_language
from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from alerts.selectors import country_alerts
from hazards.access import audience_for
from hazards.coverage import coverage_matrix
from hazards.passports import passport, regional_overview

from .passport_schemas import CoverageOut, PassportOut, PassportOverviewOut


def _with_alerts(data: dict, area: str | None = None) -> dict:
    """The country's public alerts — an area's: those reaching into it — in force, then the last year's, in the
    request's language."""
    return {**data, "alerts": country_alerts(data["country"]["iso3"], get_language(), area_code=area)}


class PassportOverview(APIView):
    @extend_schema(responses={200: PassportOverviewOut}, operation_id="passport_overview",
                   summary="The 5x5 matrix of transboundary hazards and the levels per member country")
    def get(self, request):
        return Response(regional_overview(audience=audience_for(request.user)))


class Passport(APIView):
    @extend_schema(responses={200: PassportOut}, operation_id="passport",
                   summary="Hazard passport of a member country: levels with evidence, exposure, shared hazards")
    def get(self, request, iso3):
        return Response(_with_alerts(passport(iso3, audience=audience_for(request.user))))


class AreaPassport(APIView):
    @extend_schema(responses={200: PassportOut}, operation_id="passport_area",
                   summary="Hazard passport of an admin area (code as in /api/v1/admin-areas/)")
    def get(self, request, iso3, area):
        return Response(_with_alerts(passport(iso3, area, audience=audience_for(request.user)), area))


class Coverage(APIView):
    @extend_schema(responses={200: CoverageOut}, operation_id="coverage",
                   summary="What the atlas holds per member country and hazard type: layers, features, how recent")
    def get(self, request):
        return Response({"coverage": coverage_matrix(audience=audience_for(request.user))})
