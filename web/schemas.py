"""The response schemas that more than one of web's packages declare (api, tiles, alerts): TileJSON, a GeoJSON
geometry, an alert area read from a file. Declared for the OpenAPI document, never used to build a response; a leaf
module, so web.tiles and web.alerts need not import web.api."""

from rest_framework import serializers


class VectorLayer(serializers.Serializer):
    id = serializers.CharField()
    description = serializers.CharField()
    fields = serializers.DictField(child=serializers.CharField(), help_text="attribute name → type")
    minzoom = serializers.IntegerField()
    maxzoom = serializers.IntegerField()


class LegendStop(serializers.Serializer):
    value = serializers.FloatField()
    colour = serializers.CharField()


class TileJSONOut(serializers.Serializer):
    """TileJSON 3.0.0."""

    tilejson = serializers.CharField()
    name = serializers.CharField()
    description = serializers.CharField()
    attribution = serializers.CharField(allow_blank=True)
    scheme = serializers.CharField()
    tiles = serializers.ListField(child=serializers.URLField())
    minzoom = serializers.IntegerField()
    maxzoom = serializers.IntegerField()
    bounds = serializers.ListField(child=serializers.FloatField(), min_length=4, max_length=4)
    center = serializers.ListField(child=serializers.FloatField(), min_length=3, max_length=3)
    vector_layers = VectorLayer(many=True, required=False, help_text="vector tiles only")
    legend = LegendStop(many=True, required=False, help_text="raster layers only: colour stops")


GEOMETRY = {"type": "object", "nullable": True, "required": ["type"], "description": "GeoJSON geometry",
            "properties": {"type": {"type": "string"}, "coordinates": {"type": "array", "items": {}},
                           "geometries": {"type": "array", "items": {"type": "object"}}}}

ALERT_AREA = {"type": "object", "required": ["type", "properties", "geometry"], "properties": {
    "type": {"type": "string", "enum": ["Feature"]},
    "properties": {"type": "object", "required": ["name", "vertices"], "properties": {
        "name": {"type": "string", "description": "the file's name without its extension"},
        "vertices": {"type": "integer"}}},
    "geometry": GEOMETRY,
}}
