"""GET /api/v1/layers/{slug}/download/?format=gpkg|shp|geojson|csv|kml(|tif)"""

from pathlib import PurePosixPath

from django.http import FileResponse
from django.utils.decorators import method_decorator
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.views import APIView

from hazards.media import media_stream
from serving.downloads import FORMATS, download_formats, export_name
from serving.errors import ParamError
from serving.features import FeatureQuery
from web.http import conditional_layer_get
from web.responses import stream_page

from .response_schemas import FEATURE_COLLECTION

# The file in the format asked for: GeoJSON is a FeatureCollection (every feature, no next link); the others are
# binary (a GeoPackage, a zipped Shapefile or CSV, a KMZ, a COG).
RESPONSES = {(200, fmt.media_type): FEATURE_COLLECTION if key == "geojson" else OpenApiTypes.BINARY
             for key, fmt in FORMATS.items()}


class LayerDownload(APIView):
    @extend_schema(parameters=[OpenApiParameter("format", str, required=True, enum=list(FORMATS))],
                   responses=RESPONSES,
                   summary="The whole published layer as a file, with its licence and attribution")
    @method_decorator(conditional_layer_get(max_age=86400))
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
        else:
            name = export_name(layer, fmt)
            stream, size = media_stream(name)
            response = FileResponse(stream, content_type=fmt.media_type)
            response["Content-Length"] = size
            filename = PurePosixPath(name).name
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
