"""The base map's vector tiles (/tiles/basemap/{z}/{x}/{y}.pbf) and their TileJSON: public, with a strong ETag from
the loaded content and the tile, conditional GETs answered 304 (weakly compared, as GZipMiddleware sends it)."""

import hashlib

from django.http import JsonResponse
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.views import APIView

from serving.basemap import BaseMapTiles, basemap_state
from web.http import Freshness
from web.schemas import TileJSONOut

from .views import MVT, check_tile, tile_response, tilejson

ATTRIBUTION = "Natural Earth; GeoNames (CC BY 4.0)"


def basemap_freshness(request) -> Freshness:
    """The validators of a base map answer: the loaded content and the exact request (ETag), the load's time
    (Last-Modified); cached for a day."""
    state, loaded = basemap_state()
    digest = hashlib.sha1(f"{state}|{request.get_full_path()}".encode()).hexdigest()[:16]
    return Freshness(etag=f'"base-{state}-{digest}"', last_modified=loaded, cache_control="public, max-age=86400",
                     vary="Accept-Encoding")


class BaseMapTile(APIView):
    @extend_schema(responses={(200, MVT): OpenApiTypes.BINARY, 204: None, 304: None},
                   summary="Vector tile of the base map (rivers, lakes, glaciers, places); 204 when empty",
                   operation_id="basemap_tile")
    def get(self, request, z, x, y):
        check_tile(z, x, y)
        freshness = basemap_freshness(request)
        held = freshness.answer(request)
        if held is not None:
            return held
        return freshness.stamp(tile_response(BaseMapTiles().tile(z, x, y)))


class BaseMapTileJSON(APIView):
    @extend_schema(responses={200: TileJSONOut}, summary="TileJSON 3.0 of the base map's vector tiles",
                   operation_id="basemap_tilejson")
    def get(self, request):
        tiles = BaseMapTiles()
        body = tilejson(request, name=tiles.name, description=tiles.description, attribution=ATTRIBUTION,
                        vector_layers=tiles.vector_layers(), tiles_url=reverse("tiles:basemap-root"))
        body["maxzoom"] = tiles.max_zoom
        return JsonResponse(body)


class BaseMapTileRoot(BaseMapTileJSON):
    """/tiles/basemap/ — the prefix of the tile URLs; answers like TileJSON, kept out of the schema."""

    schema = None
