"""GET /api/v1/layers/{slug}/features/ and .../features/{fid}/: GeoJSON straight from PostGIS."""

from django.http import Http404, HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.views import APIView

from serving.features import feature_json
from serving.params import feature_query_from
from web.http import cache_headers, etag_for, not_modified, vector_layer_or_404
from web.responses import GEOJSON, stream_page

FEATURE_PARAMETERS = [
    OpenApiParameter("bbox", str, description="minx,miny,maxx,maxy (in bbox-crs, default CRS84 lon/lat)"),
    OpenApiParameter("bbox-crs", str, description="CRS of bbox: CRS84, EPSG:4326 (lat,lon) or EPSG:3857"),
    OpenApiParameter("crs", str, description="output CRS: CRS84 (default), EPSG:4326 (lat,lon) or EPSG:3857"),
    OpenApiParameter("country", str, description="ISO3 code of a country the feature touches, e.g. KGZ"),
    OpenApiParameter("level", str, description="hazard levels, comma-separated: high,medium,low,very_low"),
    OpenApiParameter("transboundary", bool, description="only features touching two or more countries"),
    OpenApiParameter("datetime", str, description="year or interval for layers with time: 1990, 1990/2000, ../1900"),
    OpenApiParameter("prop.NAME", str, description="attribute equality, e.g. prop.event_type=Earthquake"),
    OpenApiParameter("properties", str, description="comma-separated attributes to return (empty: none)"),
    OpenApiParameter("precision", int, description="decimal places of coordinates (0-15, default 6)"),
    OpenApiParameter("limit", int, description="features per page (1-10000, default 1000)"),
    OpenApiParameter("offset", int, description="features to skip"),
    OpenApiParameter("after", int, description="continue after this feature id (the next link uses it)"),
]


class FeatureList(APIView):
    @extend_schema(parameters=FEATURE_PARAMETERS, responses={(200, GEOJSON): OpenApiTypes.OBJECT},
                   summary="Features of a layer as an RFC 7946 FeatureCollection (paged, streamed)",
                   operation_id="layer_features")
    def get(self, request, slug):
        layer = vector_layer_or_404(request, slug)
        etag = etag_for(layer, request)
        if cached := not_modified(request, etag):
            return cached
        query = feature_query_from(request.GET, layer)
        return cache_headers(stream_page(request, layer, query), layer, etag)


class FeatureDetail(APIView):
    @extend_schema(parameters=FEATURE_PARAMETERS[2:3] + FEATURE_PARAMETERS[8:10],
                   responses={(200, GEOJSON): OpenApiTypes.OBJECT}, summary="One feature of a layer",
                   operation_id="layer_feature")
    def get(self, request, slug, fid):
        layer = vector_layer_or_404(request, slug)
        etag = etag_for(layer, request)
        if cached := not_modified(request, etag):
            return cached
        query = feature_query_from(request.GET, layer)
        text = feature_json(layer.published_version_id, fid, crs=query.crs, precision=query.precision,
                            properties=query.properties)
        if text is None:
            raise Http404(f"no feature {fid} in layer {slug}")
        response = HttpResponse(text, content_type=GEOJSON)
        response["Content-Crs"] = f"<{query.crs.uri}>"
        return cache_headers(response, layer, etag)
