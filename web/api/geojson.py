"""`?format=geojson` for the small reference lists (countries, admin areas): the list's own serializer with the
boundary added, rendered as a FeatureCollection by djangorestframework-gis."""

from rest_framework.response import Response
from rest_framework_gis.fields import GeometryField
from rest_framework_gis.serializers import GeoFeatureModelSerializer

from serving.params import int_param

GEOJSON = "application/geo+json"


def geo_serializer(base):
    """A GeoFeatureModelSerializer with `base`'s fields as properties and the `geom` boundary as geometry,
    rounded to the `precision` in its context."""

    class Geo(GeoFeatureModelSerializer, base):
        geom = GeometryField(precision=6)

        class Meta(base.Meta):
            geo_field = "geom"
            fields = [*base.Meta.fields, "geom"]

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.fields["geom"].precision = self.context.get("precision", 6)

    Geo.__name__ = f"Geo{base.__name__}"
    return Geo


class GeoJSONListMixin:
    def list(self, request, *args, **kwargs):
        if request.GET.get("format") != "geojson":
            return super().list(request, *args, **kwargs)
        rows = self.filter_queryset(self.get_queryset()).defer(None)
        serializer = geo_serializer(self.get_serializer_class())(
            rows, many=True, context={**self.get_serializer_context(), "precision": int_param(request.GET,
                                                                                              "precision")})
        return Response(serializer.data, content_type=GEOJSON)
