"""Raster tiles and point values read from a version's Cloud-Optimized GeoTIFF with rio-tiler."""

import rasterio
from rio_tiler.colormap import cmap
from rio_tiler.errors import PointOutsideBounds, TileOutsideBounds
from rio_tiler.io import Reader

from hazards.media import gdal_options, gdal_path
from hazards.models import Layer

from .published import published_version

# GDAL settings from titiler's performance notes: no directory listing, a block cache, no aux files.
GDAL_ENV = {"GDAL_DISABLE_READDIR_ON_OPEN": "EMPTY_DIR", "GDAL_CACHEMAX": 200, "GDAL_PAM_ENABLED": "NO",
            "VSI_CACHE": "TRUE", "GDAL_BAND_BLOCK_CACHE": "HASHSET"}


def cog_path(layer: Layer) -> str:
    """What GDAL opens for the layer's published COG: a local path, or `/vsis3/…` on an object store."""
    return gdal_path(published_version(layer).raster_path)


def raster_env() -> rasterio.Env:
    """GDAL's environment for reading COGs: GDAL_ENV plus, on an object store, its endpoint and keys."""
    return rasterio.Env(**GDAL_ENV, **gdal_options())


def _rescale(layer: Layer) -> tuple[float, float]:
    stats = published_version(layer).raster_info["statistics"]
    low, high = layer.style.get("rescale") or (stats["p2"], stats["p98"])
    return (float(low), float(high if high > low else low + 1))


def colormap_name(layer: Layer) -> str:
    return layer.style.get("colormap") or published_version(layer).raster_info.get("colormap", "ylorrd")


def raster_tile_png(layer: Layer, z: int, x: int, y: int) -> bytes | None:
    """The PNG of tile z/x/y coloured with the layer's ramp, or None when the tile is outside the raster."""
    with raster_env(), Reader(cog_path(layer)) as cog:
        try:
            image = cog.tile(x, y, z, indexes=1)
        except TileOutsideBounds:
            return None
        if not image.mask.any():
            return None
        image.rescale(in_range=(_rescale(layer),))
        return image.render(img_format="PNG", colormap=cmap.get(colormap_name(layer)))


def raster_value(layer: Layer, lon: float, lat: float) -> dict:
    """The cell value at lon/lat (WGS 84): {"value": number or None, "nodata": bool}."""
    with raster_env(), Reader(cog_path(layer)) as cog:
        try:
            point = cog.point(lon, lat, indexes=1)
        except PointOutsideBounds:
            return {"value": None, "nodata": True, "outside": True}
        value = point.data[0].item()
        nodata = bool(point.mask[0] == 0)
        return {"value": None if nodata else value, "nodata": nodata, "outside": False}


def legend(layer: Layer, steps: int = 6) -> list[dict]:
    """Colour stops of the layer's ramp between its rescale bounds, for map legends."""
    low, high = _rescale(layer)
    colours = cmap.get(colormap_name(layer))
    if not isinstance(colours, dict):  # rio-tiler's named colormaps are 256-entry tables, never intervals
        raise TypeError(f"colormap {colormap_name(layer)!r} is not a lookup table")
    stops = []
    for i in range(steps):
        value = low + (high - low) * i / (steps - 1)
        r, g, b, _ = colours[round(255 * i / (steps - 1))]
        stops.append({"value": round(value, 3), "colour": f"#{r:02x}{g:02x}{b:02x}"})
    return stops
