"""GeoTIFF: the raster format. A GeoTIFF (any CRS) becomes a web-optimised Cloud-Optimized GeoTIFF in EPSG:3857
with its nodata kept and statistics recorded. The reader only converts, into the confined child's scratch folder
(ingest.child), and describes the result; the pipeline (ingest.raster) makes the version and stores the COG."""

import logging
from pathlib import Path

import numpy as np
import rasterio
from django.utils.translation import gettext_noop
from rasterio.crs import CRS
from rasterio.errors import RasterioError, RasterioIOError
from rasterio.vrt import WarpedVRT
from rasterio.warp import transform_bounds
from rasterio.windows import Window
from rio_cogeo.cogeo import cog_translate, cog_validate
from rio_cogeo.profiles import cog_profiles

from ..errors import IngestError
from .base import Reader, SourceInfo

log = logging.getLogger(__name__)


class GeoTIFFReader(Reader):
    """Rasters have no feature batches: `convert` writes the whole file as a COG in the scratch folder and describes
    it."""

    format = "GeoTIFF"
    suffixes = (".tif", ".tiff", ".geotiff")
    content = "tiff"
    kind = "raster"
    drivers = ("GTiff",)

    def info(self) -> SourceInfo:
        with _open(self.path) as source:
            crs = source.crs.to_string() if source.crs else None
            return SourceInfo(format=self.format, crs=crs, encoding="", layer=self.path.stem, feature_count=None)

    def convert(self, *, target: Path, srid: int | None, tags: dict, max_pixels: int) -> dict:
        """Write the COG of this GeoTIFF at `target` and return its description (raster_info, and `source_crs`);
        IngestError for a file that is damaged, declares more than `max_pixels` cells × bands, or has no CRS."""
        with _open(self.path) as source:
            _check_size(source, max_pixels)
            _check_readable(source)
            crs = CRS.from_epsg(srid) if srid else source.crs
            if crs is None:
                raise IngestError("no_crs", gettext_noop("the raster does not say which coordinate system it uses; "
                                                         "give it with the srid parameter"))
            dataset = WarpedVRT(source, src_crs=crs) if srid else source
            cog_translate(dataset, target, cog_profiles.get("deflate"), nodata=source.nodata, web_optimized=True,
                          zoom_level_strategy="upper", resampling="nearest", overview_resampling="nearest",
                          quiet=True, additional_cog_metadata=tags, in_memory=False)
            if not cog_validate(target, quiet=True)[0]:
                raise IngestError("invalid_cog", gettext_noop("the converted raster is not a valid Cloud-Optimized "
                                                              "GeoTIFF"))
            return {**_describe(source, crs, target), "source_crs": crs.to_string()}


def _open(path: Path):
    try:
        return rasterio.open(path, driver=GeoTIFFReader.drivers[0])
    except RasterioIOError as exc:
        log.info("GeoTIFF unreadable: %s", type(exc).__name__)
        raise IngestError("unreadable_file", gettext_noop("the file cannot be read as a GeoTIFF")) from exc


def _check_size(source, max_pixels: int) -> None:
    """What the header declares, before a cell is read: a small file may declare a huge raster."""
    cells = source.width * source.height * source.count
    if cells > max_pixels:
        raise IngestError("raster_too_large", gettext_noop(
            "the raster declares %(width)s × %(height)s cells in %(bands)s band(s) (%(cells)s values); at most "
            "%(limit)s are accepted"),
            params={"width": source.width, "height": source.height, "bands": source.count, "cells": cells,
                    "limit": max_pixels})


def _check_readable(source) -> None:
    """Read a corner of the first band: a truncated or damaged GeoTIFF fails here, not half-way."""
    try:
        source.read(1, window=Window(0, 0, min(source.width, 256), min(source.height, 256)))
    except (RasterioIOError, RasterioError) as exc:
        log.info("GeoTIFF damaged: %s", type(exc).__name__)
        raise IngestError("unreadable_file", gettext_noop("the GeoTIFF is damaged or truncated")) from exc


def _statistics(dataset) -> dict:
    band = dataset.read(1, masked=True)
    values = band.compressed()
    if values.size == 0:
        raise IngestError("no_data", gettext_noop("the raster holds only nodata cells"))
    low, high = np.percentile(values, [2, 98]).tolist()
    return {"min": float(values.min()), "max": float(values.max()), "mean": float(values.mean()),
            "std": float(values.std()), "p2": float(low), "p98": float(high), "valid_cells": int(values.size)}


def _describe(source, crs, cog: Path) -> dict:
    bounds = list(transform_bounds(crs, "EPSG:4326", *source.bounds, densify_pts=21))
    with rasterio.open(cog, driver="GTiff") as dataset:
        return {
            "bands": dataset.count, "dtype": dataset.dtypes[0], "nodata": dataset.nodata,
            "crs": dataset.crs.to_string(), "width": dataset.width, "height": dataset.height,
            "resolution": list(dataset.res), "bounds_wgs84": bounds, "statistics": _statistics(dataset),
            "source": {"crs": source.crs.to_string(), "width": source.width, "height": source.height,
                       "resolution": list(source.res)},
        }
