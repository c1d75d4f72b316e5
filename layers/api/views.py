"""The REST API's views: validate, call a selector, render."""

from rest_framework import generics

from hazards.selectors import countries_list, hazard_types_list, layers_visible

from .serializers import CountrySerializer, HazardTypeSerializer, LayerSerializer


class HazardTypeList(generics.ListAPIView):
    serializer_class = HazardTypeSerializer
    pagination_class = None

    def get_queryset(self):
        return hazard_types_list()


class CountryList(generics.ListAPIView):
    serializer_class = CountrySerializer
    pagination_class = None

    def get_queryset(self):
        return countries_list()


class LayerList(generics.ListAPIView):
    serializer_class = LayerSerializer

    def get_queryset(self):
        return layers_visible(self.request.user)


class LayerDetail(generics.RetrieveAPIView):
    serializer_class = LayerSerializer
    lookup_field = "slug"

    def get_queryset(self):
        return layers_visible(self.request.user)
