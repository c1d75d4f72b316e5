"""GET /api/v1/layers/{slug}/download/?format=gpkg|shp|geojson|csv|kml(|tif): files (the COG too) served by byte
ranges (web.ranges), the GeoJSON streamed from PostGIS."""

from pathlib import PurePosixPath

from django.utils.decorators import method_decorator
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.views import APIView

from serving.downloads import FORMATS, download_formats, export_name
from serving.errors import ParamError
from serving.features import FeatureQuery
from web.http import conditional_layer_get, layer_freshness
from web.ranges import stored_file_response
from web.responses import stream_page

from .response_schemas import FEATURE_COLLECTION

MAX_AGE = 86400

# The file in the format asked for: GeoJSON is a FeatureCollection (every feature, no next link); the others are
# binary (a GeoPackage, a zipped Shapefile or CSV, a KMZ, a COG).
RESPONSES = {(200, fmt.media_type): FEATURE_COLLECTION if key == "geojson" else OpenApiTypes.BINARY
             for key, fmt in FORMATS.items()}
# A byte range of a file (Range requests; the GeoJSON is streamed from PostGIS and answers whole).
RESPONSES.update({(206, fmt.media_type): OpenApiTypes.BINARY for key, fmt in FORMATS.items() if key != "geojson"})


class LayerDownload(APIView):
    @extend_schema(parameters=[OpenApiParameter("format", str, required=True, enum=list(FORMATS))],
                   responses=RESPONSES,
                   summary="The whole published layer as a file, with its licence and attribution; files "
                           "(all formats but geojson) answer Range requests (206)")
    @method_decorator(conditional_layer_get(max_age=MAX_AGE))
    def get(self, request, slug, layer):
        key = request.GET.get("format", "")
        if key not in download_formats(layer):
            raise ParamError("format", f"format must be one of: {', '.join(download_formats(layer))}")
        fmt = FORMATS[key]
        if key == "geojson":
            everything = max(1, layer.published_version.feature_count)
            query = FeatureQuery(version_id=layer.published_version_id, limit=everything)
            response = stream_page(request, layer, query, links=lambda request, after: [])
            filename = f"{layer.slug}-v{layer.published_version.number}.geojson"
            response["Content-Disposition"] = f'attachment; filename="{filename}"'
            return response
        name = export_name(layer, fmt)
        return stored_file_response(request, name=name, content_type=fmt.media_type,
                                    filename=PurePosixPath(name).name,
                                    freshness=layer_freshness(layer, request, max_age=MAX_AGE))
