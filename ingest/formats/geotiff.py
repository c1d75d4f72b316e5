"""GeoTIFF: the raster format. A GeoTIFF (any CRS) becomes a web-optimised Cloud-Optimized GeoTIFF in EPSG:3857
with its nodata kept, statistics recorded and a colour ramp chosen, as a new version of a raster layer."""

import logging
from pathlib import Path

import numpy as np
import rasterio
from django.db import transaction
from django.utils.translation import gettext_noop
from rasterio.crs import CRS
from rasterio.errors import RasterioError, RasterioIOError
from rasterio.vrt import WarpedVRT
from rasterio.warp import transform_bounds
from rasterio.windows import Window
from rio_cogeo.cogeo import cog_translate, cog_validate
from rio_cogeo.profiles import cog_profiles

from hazards.media import media_writing
from hazards.models import Layer, LayerVersion
from hazards.services.layers import layer_publish
from hazards.services.versions import version_create, version_finish_raster

from ..checksum import file_checksum
from ..errors import IngestError
from .base import Reader, SourceInfo

DEFAULT_COLORMAP = "ylorrd"
log = logging.getLogger(__name__)


class GeoTIFFReader(Reader):
    """Rasters have no feature batches: `load` converts the whole file into a COG version."""

    format = "GeoTIFF"
    suffixes = (".tif", ".tiff", ".geotiff")
    content = "tiff"
    kind = "raster"

    def info(self) -> SourceInfo:
        with _open(self.path) as source:
            crs = source.crs.to_string() if source.crs else None
            return SourceInfo(format=self.format, crs=crs, encoding="", layer=self.path.stem, feature_count=None)

    def batches(self, size: int):
        raise IngestError("kind_mismatch", gettext_noop("a GeoTIFF has cells, not features: it needs a raster layer"))

    def load(self, **kwargs) -> LayerVersion:
        return ingest_raster(path=self.path, **kwargs)


def _open(path: Path):
    try:
        return rasterio.open(path)
    except RasterioIOError as exc:
        log.info("GeoTIFF unreadable: %s", exc)
        raise IngestError("unreadable_file", gettext_noop("the file cannot be read as a GeoTIFF")) from exc


def _check_readable(source) -> None:
    """Read a corner of the first band: a truncated or damaged GeoTIFF fails here, not half-way."""
    try:
        source.read(1, window=Window(0, 0, min(source.width, 256), min(source.height, 256)))
    except (RasterioIOError, RasterioError) as exc:
        log.info("GeoTIFF damaged: %s", exc)
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
    with rasterio.open(cog) as dataset:
        return {
            "bands": dataset.count, "dtype": dataset.dtypes[0], "nodata": dataset.nodata,
            "crs": dataset.crs.to_string(), "width": dataset.width, "height": dataset.height,
            "resolution": list(dataset.res), "bounds_wgs84": bounds, "statistics": _statistics(dataset),
            "source": {"crs": source.crs.to_string(), "width": source.width, "height": source.height,
                       "resolution": list(source.res)},
        }


@transaction.atomic
def ingest_raster(*, layer: Layer, path: Path, user=None, publish: bool = False, srid: int | None = None,
                  timings: dict | None = None, **options) -> LayerVersion:
    """A new version of raster `layer` from the GeoTIFF at `path`; IngestError for bad input (nothing kept)."""
    path = Path(path)
    if layer.kind != Layer.Kind.RASTER:
        raise IngestError("kind_mismatch", gettext_noop("%(layer)s is a vector layer; a GeoTIFF needs a raster layer"),
                          params={"layer": layer.slug})
    with _open(path) as source:
        _check_readable(source)
        crs = CRS.from_epsg(srid) if srid else source.crs
        if crs is None:
            raise IngestError("no_crs", gettext_noop("the raster does not say which coordinate system it uses; give "
                                                     "it with the srid parameter"))
        checksum = file_checksum(path)
        version = version_create(layer=layer, user=user, source_name=path.name, source_format="GeoTIFF",
                                 source_crs=crs.to_string(), source_checksum=checksum)
        relative = f"rasters/{layer.slug}/v{version.number}-{checksum[:12]}.tif"
        with media_writing(relative) as target:  # stored when the block ends, never kept when it raises
            dataset = WarpedVRT(source, src_crs=crs) if srid else source
            tags = {"LICENCE": layer.licence, "ATTRIBUTION": layer.attribution, "TITLE": layer.title}
            cog_translate(dataset, target, cog_profiles.get("deflate"), nodata=source.nodata, web_optimized=True,
                          zoom_level_strategy="upper",
                          resampling="nearest", overview_resampling="nearest", quiet=True,
                          additional_cog_metadata=tags, in_memory=False)
            if not cog_validate(target, quiet=True)[0]:
                raise IngestError("invalid_cog", gettext_noop("the converted raster is not a valid Cloud-Optimized "
                                                              "GeoTIFF"))
            info = _describe(source, crs, target)
    info["colormap"] = layer.style.get("colormap", DEFAULT_COLORMAP)
    version = version_finish_raster(version, raster_path=relative, raster_info=info)
    if publish:
        layer_publish(layer=layer, version=version, user=user)
    return version
