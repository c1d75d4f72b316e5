"""What the passport, regional matrix and coverage endpoints answer, declared for the OpenAPI document: these
serializers describe the dicts of hazards.passports and hazards.coverage key for key (they are never used to build
a response) so /api/schema/ says what comes back and tests/web/api/test_response_schemas.py checks it does."""

from drf_spectacular.utils import inline_serializer
from rest_framework import serializers

from hazards.models import HazardLevel

LEVELS = [level.code for level in HazardLevel]


def level_field(**kwargs) -> serializers.ChoiceField:
    """A hazard level code (very_low … high) or null."""
    return serializers.ChoiceField(LEVELS, allow_null=True, help_text="hazard level code, null without data",
                                   **kwargs)


class NamedCountry(serializers.Serializer):
    iso3 = serializers.CharField()
    name = serializers.CharField()


class PassportArea(serializers.Serializer):
    code = serializers.CharField()
    level = serializers.IntegerField(help_text="1 region, 2 district")
    name = serializers.CharField()
    parent = serializers.CharField(allow_null=True)
    parent_name = serializers.CharField(allow_null=True)


class Finding(serializers.Serializer):
    name = serializers.CharField()
    year = serializers.IntegerField(allow_null=True)
    layer = serializers.CharField(help_text="the layer's title")
    layer_slug = serializers.CharField(allow_null=True)
    level = level_field()


class PassportLevel(serializers.Serializer):
    hazard = serializers.CharField()
    name = serializers.CharField()
    colour = serializers.CharField()
    level = level_field()
    own_level = level_field()
    advice = serializers.CharField(help_text="what to do at this level; empty without a level")
    evidence = serializers.DictField(help_text="how the level was found; its keys depend on the hazard's rule")
    rule_text = serializers.CharField()
    dams_upstream = serializers.ListField(child=serializers.CharField())
    findings = Finding(many=True)


class ExposureTotal(serializers.Serializer):
    hazard = serializers.CharField()
    name = serializers.CharField()
    population = serializers.IntegerField()
    places = serializers.IntegerField()


class ExposureLayer(serializers.Serializer):
    layer = serializers.CharField()
    title = serializers.CharField()
    origin = serializers.CharField(help_text="ISO3 of the country the hazard comes from")
    origin_name = serializers.CharField()
    population = serializers.IntegerField()
    places = serializers.IntegerField()


class PassportExposure(serializers.Serializer):
    totals = ExposureTotal(many=True)
    layers = ExposureLayer(many=True)


class SharedHazard(serializers.Serializer):
    country = serializers.CharField()
    country_name = serializers.CharField()
    hazard = serializers.CharField()
    hazard_name = serializers.CharField()
    features = serializers.IntegerField()
    worst_level = level_field()


class DecadeEvents(serializers.Serializer):
    decade = serializers.CharField(help_text='"1990s", or "<1900" for all before')
    counts = serializers.DictField(child=serializers.IntegerField(), help_text="events per hazard type code")


class PassportMap(serializers.Serializer):
    path = serializers.CharField(allow_null=True, help_text="SVG path of the outline (y down)")
    viewBox = serializers.CharField()


class CoverageLayer(serializers.Serializer):
    layer = serializers.CharField()
    title = serializers.CharField()
    features = serializers.IntegerField()
    latest_year = serializers.IntegerField(allow_null=True)
    published = serializers.DateField(allow_null=True)


class CoverageCell(serializers.Serializer):
    hazard = serializers.CharField()
    name = serializers.CharField()
    layers = CoverageLayer(many=True)
    features = serializers.IntegerField()
    latest_year = serializers.IntegerField(allow_null=True)
    has_data = serializers.BooleanField()


class PassportAlert(serializers.Serializer):
    identifier = serializers.CharField()
    sent = serializers.DateTimeField()
    msg_type = serializers.CharField()
    event = serializers.CharField()
    headline = serializers.CharField()
    severity = serializers.CharField()
    severity_label = serializers.CharField()
    expires = serializers.DateTimeField(allow_null=True)
    state = serializers.ChoiceField(choices=["in_force", "updated", "cancelled", "expired"],
                                    help_text="alerts.lifecycle: in force, updated, cancelled (a Cancel too), expired")
    state_label = serializers.CharField(help_text="the state in the request's language")
    active = serializers.BooleanField(help_text="in force now: never a Cancel, a superseded or an expired message")


class PassportOut(serializers.Serializer):
    """A member country's or admin area's passport."""

    country = NamedCountry()
    area = PassportArea(allow_null=True, help_text="null on a country's passport")
    name = serializers.CharField()
    audience = serializers.CharField()
    levels = PassportLevel(many=True)
    exposure = PassportExposure(help_text="empty lists on an area's passport (computed per country)")
    shared = SharedHazard(many=True)
    events_by_decade = DecadeEvents(many=True)
    areas = inline_serializer("PassportSubArea", fields={"code": serializers.CharField(),
                                                          "name": serializers.CharField()}, many=True)
    map = PassportMap()
    coverage = CoverageCell(many=True)
    alerts = PassportAlert(many=True)


MATRIX_CELL = inline_serializer("PassportMatrixCell", fields={
    "to": serializers.CharField(),
    "self": serializers.BooleanField(required=False, help_text="true on the diagonal, which has no counts"),
    "features": serializers.IntegerField(required=False),
    "worst_level": level_field(required=False),
}, many=True)

MATRIX_ROW = inline_serializer("PassportMatrixRow", fields={
    "from": serializers.CharField(), "name": serializers.CharField(), "cells": MATRIX_CELL}, many=True)

COUNTRY_LEVELS = inline_serializer("PassportCountryLevels", fields={
    "iso3": serializers.CharField(), "name": serializers.CharField(),
    "levels": inline_serializer("PassportHazardLevel", fields={"hazard": serializers.CharField(),
                                                               "level": level_field()}, many=True)}, many=True)


class PassportOverviewOut(serializers.Serializer):
    """The regional matrix: transboundary hazards between member countries and the levels per country."""

    audience = serializers.CharField()
    hazards = inline_serializer("PassportHazard", fields={"code": serializers.CharField(),
                                                          "name": serializers.CharField()}, many=True)
    matrix = MATRIX_ROW
    levels = COUNTRY_LEVELS


class CoverageCountry(serializers.Serializer):
    country = serializers.CharField()
    name = serializers.CharField()
    hazards = CoverageCell(many=True)


class CoverageOut(serializers.Serializer):
    coverage = CoverageCountry(many=True)
