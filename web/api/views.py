"""The REST API's views: validate, call a selector, render."""

from django.utils.decorators import method_decorator
from rest_framework import generics
from rest_framework.response import Response

from hazards.selectors import admin_areas_list, countries_list, hazard_types_list, layers_visible
from serving.errors import ParamError
from web.http import conditional_layer_get

from .filters import LayerFilter
from .geojson import GeoJSONListMixin
from .serializers import AdminAreaSerializer, CountrySerializer, HazardTypeSerializer, LayerSerializer
from .uploads import LayerUploadMixin


class HazardTypeList(generics.ListAPIView):
    serializer_class = HazardTypeSerializer
    pagination_class = None

    def get_queryset(self):
        return hazard_types_list()


class CountryList(GeoJSONListMixin, generics.ListAPIView):
    """Countries; `?format=geojson` returns them as a FeatureCollection with their boundaries."""

    serializer_class = CountrySerializer
    pagination_class = None
    geojson_table = "hazards_country"

    def get_queryset(self):
        return countries_list()


class LayerList(LayerUploadMixin, generics.ListAPIView):
    """GET: published layers the user may read. POST (multipart): a new layer from a file."""

    serializer_class = LayerSerializer
    filterset_class = LayerFilter

    def get_queryset(self):
        return layers_visible(self.request.user)


class LayerDetail(generics.RetrieveAPIView):
    serializer_class = LayerSerializer
    lookup_field = "slug"

    def get_queryset(self):
        return layers_visible(self.request.user)

    @method_decorator(conditional_layer_get())
    def get(self, request, slug, layer):
        return Response(self.get_serializer(layer).data)


class AdminAreaList(GeoJSONListMixin, generics.ListAPIView):
    """Admin areas, filtered by `country` (ISO3) and `level` (1, 2); `?format=geojson` adds boundaries."""

    serializer_class = AdminAreaSerializer
    pagination_class = None
    geojson_table = "hazards_adminarea"

    def get_queryset(self):
        level = self.request.GET.get("level")
        if level not in (None, "", "1", "2"):
            raise ParamError("level", "level must be 1 (regions) or 2 (districts)")
        return admin_areas_list(country=self.request.GET.get("country"), level=level)
