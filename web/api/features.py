"""GET /api/v1/layers/{slug}/features/ and .../features/{fid}/: GeoJSON straight from PostGIS."""

from django.http import Http404, HttpResponse
from django.utils.decorators import method_decorator
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.views import APIView

from serving.features import feature_json
from serving.params import SINGLE_FEATURE, feature_query_from, params_for
from web.http import conditional_layer_get, vector_layer_or_404
from web.responses import GEOJSON, stream_page

from .response_schemas import FEATURE, FEATURE_COLLECTION


def _openapi(param) -> OpenApiParameter:
    return OpenApiParameter(param.name, param.schema, description=param.description, explode=param.explode)


FEATURE_PARAMETERS = [_openapi(param) for param in params_for("rest")]
SINGLE_FEATURE_PARAMETERS = [_openapi(param) for param in params_for("rest", SINGLE_FEATURE)]


class FeatureList(APIView):
    @extend_schema(parameters=FEATURE_PARAMETERS, responses={(200, GEOJSON): FEATURE_COLLECTION},
                   summary="Features of a layer as an RFC 7946 FeatureCollection (paged, streamed)",
                   operation_id="layer_features")
    @method_decorator(conditional_layer_get(vector_layer_or_404))
    def get(self, request, slug, layer):
        return stream_page(request, layer, feature_query_from(request.GET, layer))


class FeatureDetail(APIView):
    @extend_schema(parameters=SINGLE_FEATURE_PARAMETERS,
                   responses={(200, GEOJSON): FEATURE}, summary="One feature of a layer",
                   operation_id="layer_feature")
    @method_decorator(conditional_layer_get(vector_layer_or_404))
    def get(self, request, slug, fid, layer):
        query = feature_query_from(request.GET, layer)
        text = feature_json(layer.published_version_id, fid, crs=query.crs, precision=query.precision,
                            properties=query.properties)
        if text is None:
            raise Http404(f"no feature {fid} in layer {slug}")
        response = HttpResponse(text, content_type=GEOJSON)
        response["Content-Crs"] = f"<{query.crs.uri}>"
        return response
