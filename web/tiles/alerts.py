"""Vector tiles of the active alerts (/tiles/alerts/{z}/{x}/{y}.mvt): the selector of web.alertlayer in one
ST_AsMVT query per tile, per user and language, so never cached by shared caches."""

from django.http import JsonResponse
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.views import APIView

from serving.tiles import RowsTiles
from web.alertlayer import COLLECTION, alert_fields, alert_rows, private
from web.schemas import TileJSONOut

from .views import MVT, check_tile, tile_response, tilejson

LANG = OpenApiParameter("lang", str, enum=["ru", "en", "kk"], description="language of the texts (default: the "
                                                                             "request's, English when none)")


LABELS = "alert_labels"


def alert_tiles(request) -> RowsTiles:
    sql, params = alert_rows(request)
    return RowsTiles(COLLECTION, sql, params, alert_fields(), description="active CAP alerts")


def alert_label_tiles(request) -> RowsTiles:
    """One point per alert (inside its area), where the map writes TEST or EXERCISE: once, not once per tile."""
    sql, params = alert_rows(request)
    points = f"SELECT a.id, ST_PointOnSurface(a.geom) AS geom, a.status, a.severity FROM ({sql}) a"
    return RowsTiles(LABELS, points, params, {"status": "String", "severity": "String"},
                     description="label points of the active alerts")


class AlertTile(APIView):
    @extend_schema(responses={(200, MVT): OpenApiTypes.BINARY, 204: None}, parameters=[LANG],
                   summary="Vector tile (MVT) of the active CAP alerts the user may read; 204 when empty",
                   operation_id="alerts_tile")
    def get(self, request, z, x, y):
        check_tile(z, x, y)
        # Two MVT layers in one tile: concatenated protobuf messages are one message with both layers.
        data = alert_tiles(request).tile(z, x, y) + alert_label_tiles(request).tile(z, x, y)
        return private(tile_response(data))


class AlertTileJSON(APIView):
    @extend_schema(responses={200: TileJSONOut}, parameters=[LANG], operation_id="alerts_tilejson",
                   summary="TileJSON 3.0 of the active alerts' vector tiles")
    def get(self, request):
        tiles = alert_tiles(request)
        layers = tiles.vector_layers() + alert_label_tiles(request).vector_layers()
        body = tilejson(request, name=COLLECTION, description=tiles.description, attribution="",
                        vector_layers=layers, tiles_url=reverse("tiles:alerts-root"))
        body["tiles"] = [url.replace(".pbf", ".mvt") for url in body["tiles"]]
        return private(JsonResponse(body))


class AlertTileRoot(AlertTileJSON):
    """/tiles/alerts/ — the prefix of the tile URLs; answers like TileJSON, kept out of the schema."""

    schema = None
