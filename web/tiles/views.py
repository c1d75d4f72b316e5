"""Vector tiles and TileJSON for layers and for the atlas's base boundaries."""

from django.http import HttpResponse, JsonResponse
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.views import APIView

from hazards.i18n import localized
from serving.errors import ParamError
from serving.raster import legend, raster_tile_png
from serving.tiles import BOUNDARY_SOURCES, MAX_ZOOM, LayerTiles, TileFilters
from web.http import conditional_layer_get, layer_or_404
from web.schemas import TileJSONOut

MVT = "application/vnd.mapbox-vector-tile"


def layer_of_kind(request, slug: str, kind: str):
    """The readable layer `slug`, which must be of `kind` (a 400 naming the other tile format otherwise)."""
    layer = layer_or_404(request, slug)
    if layer.kind != kind:
        other = "png" if layer.kind == "raster" else "pbf"
        raise ParamError("format", f"{slug} is a {layer.kind} layer: ask for .{other} tiles")
    return layer


def vector_tiles_layer_or_404(request, slug: str):
    return layer_of_kind(request, slug, "vector")


def raster_layer_or_404(request, slug: str):
    return layer_of_kind(request, slug, "raster")


def check_tile(z: int, x: int, y: int) -> None:
    if not 0 <= z <= MAX_ZOOM:
        raise ParamError("z", f"zoom must be between 0 and {MAX_ZOOM}")
    if not (0 <= x < 2**z and 0 <= y < 2**z):
        raise ParamError("x/y", f"tile {z}/{x}/{y} does not exist")


def _year(request, name: str) -> int | None:
    raw = request.GET.get(name)
    if raw in (None, ""):
        return None
    try:
        return int(raw)
    except ValueError:
        raise ParamError(name, _("%(name)s must be a year (an integer)") % {"name": name}) from None


def tile_filters(request) -> TileFilters:
    """The map's filters of a layer tile's query string: country (ISO3), transboundary (1), from and to (years)."""
    country = request.GET.get("country") or None
    if country is not None and not (len(country) == 3 and country.isalpha()):
        raise ParamError("country", _("country must be an ISO3 code such as KGZ"))
    return TileFilters(country=country.upper() if country else None,
                       transboundary=request.GET.get("transboundary") in ("1", "true"),
                       year_from=_year(request, "from"), year_to=_year(request, "to"))


def tile_response(data: bytes) -> HttpResponse:
    """200 with the tile, or 204 for an empty one."""
    return HttpResponse(data, content_type=MVT) if data else HttpResponse(status=204)


class LayerTile(APIView):
    @extend_schema(responses={(200, MVT): OpenApiTypes.BINARY, 204: None},
                   summary="Vector tile (MVT) of a layer; 204 when empty", operation_id="layer_tile")
    @method_decorator(conditional_layer_get(vector_tiles_layer_or_404, max_age=3600))
    def get(self, request, slug, z, x, y, layer):
        check_tile(z, x, y)
        return tile_response(LayerTiles(layer, tile_filters(request)).tile(z, x, y))


class RasterTile(APIView):
    @extend_schema(responses={(200, "image/png"): OpenApiTypes.BINARY, 204: None}, operation_id="raster_tile",
                   summary="PNG tile of a raster layer in its colour ramp; 204 outside the raster")
    @method_decorator(conditional_layer_get(raster_layer_or_404, max_age=3600))
    def get(self, request, slug, z, x, y, layer):
        check_tile(z, x, y)
        png = raster_tile_png(layer, z, x, y)
        return HttpResponse(png, content_type="image/png") if png else HttpResponse(status=204)


class BoundaryTile(APIView):
    @extend_schema(responses={(200, MVT): OpenApiTypes.BINARY, 204: None},
                   summary="Vector tile of the base boundaries (countries, admin-areas)",
                   operation_id="boundary_tile")
    def get(self, request, source, z, x, y):
        z, x, y = int(z), int(x), int(y)
        check_tile(z, x, y)
        response = tile_response(BOUNDARY_SOURCES[source]().tile(z, x, y))
        response["Cache-Control"] = "public, max-age=86400"
        return response


def tilejson(request, *, name: str, description: str, attribution: str, tiles_url: str,
             vector_layers: list | None, bounds=None) -> dict:
    """A TileJSON 3.0.0 document (vector tiles described by their source's `vector_layers`, PNG tiles when
    there are none)."""
    west, south, east, north = bounds or (44.0, 33.0, 90.0, 57.0)
    suffix = "pbf" if vector_layers is not None else "png"
    body = {
        "tilejson": "3.0.0", "name": name, "description": description, "attribution": attribution,
        "scheme": "xyz", "tiles": [request.build_absolute_uri(tiles_url) + "{z}/{x}/{y}." + suffix],
        "minzoom": 0, "maxzoom": MAX_ZOOM, "bounds": [west, south, east, north],
        "center": [(west + east) / 2, (south + north) / 2, 4],
    }
    if vector_layers is not None:
        body["vector_layers"] = vector_layers
    return body


class LayerTileJSON(APIView):
    @extend_schema(responses={200: TileJSONOut}, summary="TileJSON 3.0 of a layer's vector tiles",
                   operation_id="layer_tilejson")
    @method_decorator(conditional_layer_get())
    def get(self, request, slug, layer):
        raster = layer.kind == "raster"
        body = tilejson(request, name=layer.slug, description=localized(layer, "title"),
                        attribution=layer.attribution,
                        vector_layers=None if raster else LayerTiles(layer).vector_layers(),
                        tiles_url=reverse("tiles:layer-root", kwargs={"slug": layer.slug}),
                        bounds=layer.published_version.bbox)
        if raster:
            body["legend"] = legend(layer)
        return JsonResponse(body)


class BoundaryTileJSON(APIView):
    @extend_schema(responses={200: TileJSONOut}, summary="TileJSON 3.0 of the base boundaries",
                   operation_id="boundary_tilejson")
    def get(self, request, source):
        tiles = BOUNDARY_SOURCES[source]()
        return JsonResponse(tilejson(request, name=tiles.name, description=source,
                                     attribution="Natural Earth; geokz; geoBoundaries; Who's On First",
                                     vector_layers=tiles.vector_layers(),
                                     tiles_url=reverse("tiles:boundary-root", kwargs={"source": source})))


class LayerTileRoot(LayerTileJSON):
    """/tiles/{slug}/ — the prefix of the tile URLs; answers like TileJSON, kept out of the schema."""

    schema = None


class BoundaryTileRoot(BoundaryTileJSON):
    schema = None
