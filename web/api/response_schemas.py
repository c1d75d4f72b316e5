"""What the smaller JSON endpoints of the REST API answer — search, raster values, layer actions, the GeoJSON
pages (TileJSON and an alert area read from a file: web.schemas) — declared for the OpenAPI document (never used to
build a response) so /api/schema/ says what comes back and tests/web/api/test_response_schemas.py checks it does."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from hazards.models import Layer
from web.schemas import GEOMETRY

from .passport_schemas import LEVELS


@extend_schema_field({"oneOf": [{"type": "integer", "description": "an admin area's level: 1 region, 2 district"},
                                {"type": "string", "enum": LEVELS, "description": "a feature's hazard level code"},
                                {"enum": [None], "description": "a feature without a hazard level"}]})
class HitLevelField(serializers.Field):
    """An admin area's level (1, 2) or a feature's hazard level code (or null)."""


class SearchHit(serializers.Serializer):
    type = serializers.ChoiceField(["country", "admin_area", "place", "feature", "layer"])
    id = serializers.CharField(help_text="ISO3, admin area code, layer slug, or slug/fid of a feature or place")
    name = serializers.CharField()
    detail = serializers.CharField(help_text="the country of an area, the layer of a feature, the hazard of a layer")
    bbox = serializers.ListField(child=serializers.FloatField(), min_length=4, max_length=4,
                                 help_text="[west, south, east, north]")
    country = serializers.CharField(required=False, help_text="admin areas: ISO3 of their country")
    level = HitLevelField(required=False)
    layer = serializers.CharField(required=False, help_text="features and places: the layer's slug")
    fid = serializers.IntegerField(required=False)
    countries = serializers.ListField(child=serializers.CharField(), required=False)
    population = serializers.IntegerField(required=False, allow_null=True, help_text="places")
    geonameid = serializers.IntegerField(required=False, allow_null=True, help_text="places")


class SearchOut(serializers.Serializer):
    results = SearchHit(many=True, help_text="at most 15, best first")


class RasterValueOut(serializers.Serializer):
    layer = serializers.CharField()
    version = serializers.IntegerField()
    lon = serializers.FloatField()
    lat = serializers.FloatField()
    value = serializers.FloatField(allow_null=True, help_text="null outside the raster or on a nodata cell")
    nodata = serializers.BooleanField()
    outside = serializers.BooleanField()


class LayerPublishedOut(serializers.Serializer):
    layer = serializers.CharField()
    published_version = serializers.IntegerField()


class LayerClassificationOut(serializers.Serializer):
    layer = serializers.CharField()
    classification = serializers.DictField(help_text="the level classification as stored on the layer")


class LayerAccessOut(serializers.Serializer):
    layer = serializers.CharField()
    access = serializers.ChoiceField(Layer.Access.choices)


# A feature's properties are its layer's own attributes (they differ from layer to layer) plus the atlas's.
FEATURE = {"type": "object", "required": ["type", "geometry", "properties"], "properties": {
    "type": {"type": "string", "enum": ["Feature"]},
    "id": {"oneOf": [{"type": "integer"}, {"type": "string"}]},
    "geometry": GEOMETRY,
    "properties": {"type": "object", "additionalProperties": {}, "nullable": True,
                   "description": "the layer's attributes plus hazard_level, countries, transboundary, year"},
}}
LINK = {"type": "object", "required": ["href", "rel"], "properties": {
    "href": {"type": "string"}, "rel": {"type": "string"}, "type": {"type": "string"}, "title": {"type": "string"}}}
FEATURE_COLLECTION = {"type": "object", "required": ["type", "features"], "properties": {
    "type": {"type": "string", "enum": ["FeatureCollection"]},
    "features": {"type": "array", "items": FEATURE},
    "numberMatched": {"type": "integer"},
    "numberMatchedEstimated": {"type": "boolean", "description": "present (true) when numberMatched is estimated"},
    "numberReturned": {"type": "integer"},
    "timeStamp": {"type": "string", "format": "date-time"},
    "licence": {"type": "string"},
    "attribution": {"type": "string"},
    "links": {"type": "array", "items": LINK, "description": "rel next while there are more features"},
}}
