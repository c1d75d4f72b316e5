"""GET /api/v1/layers/{slug}/value/?lon=&lat= — the value of a raster layer's cell."""

from django.http import JsonResponse
from django.utils.decorators import method_decorator
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.views import APIView

from serving.errors import ParamError
from serving.raster import raster_value
from web.http import conditional_layer_get
from web.tiles.views import raster_layer_or_404

from .response_schemas import RasterValueOut


def _coordinate(params, name: str, limit: float) -> float:
    try:
        value = float(params[name])
    except (KeyError, ValueError):
        raise ParamError(name, f"{name} must be a number") from None
    if not -limit <= value <= limit:
        raise ParamError(name, f"{name} must be between -{limit:g} and {limit:g}")
    return value


class RasterValue(APIView):
    @extend_schema(parameters=[OpenApiParameter("lon", float, required=True),
                               OpenApiParameter("lat", float, required=True)],
                   responses={200: RasterValueOut}, operation_id="raster_value",
                   summary="Value of a raster layer at a WGS 84 point")
    @method_decorator(conditional_layer_get(raster_layer_or_404))
    def get(self, request, slug, layer):
        lon, lat = _coordinate(request.GET, "lon", 180), _coordinate(request.GET, "lat", 90)
        body = {"layer": slug, "version": layer.published_version.number, "lon": lon, "lat": lat,
                **raster_value(layer, lon, lat)}
        return JsonResponse(body)
