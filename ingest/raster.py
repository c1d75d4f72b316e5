"""The raster side of the ingest pipeline (ingest.pipeline): the Cloud-Optimized GeoTIFF a confined child converts
a GeoTIFF into (ingest.confined) becomes one new version: the version is recorded, the COG stored as its media file
under the name hazards.media gives it, and the version finished with the COG's description."""

from collections.abc import Callable
from pathlib import Path

from django.contrib.auth.models import User

from hazards.media import media_store_file, raster_cog_name
from hazards.models import Layer, LayerVersion
from hazards.services.versions import version_create, version_finish_raster

from .checksum import file_checksum
from .confined import raster_read
from .formats import Reader

DEFAULT_COLORMAP = "ylorrd"


def raster_tags(layer: Layer) -> dict:
    """The metadata written into a layer's COGs (its licence travels with the file)."""
    return {"LICENCE": layer.licence, "ATTRIBUTION": layer.attribution, "TITLE": layer.title}


def raster_load(*, layer: Layer, path: Path, reader: type[Reader], user: User | None,
                srid: int | None, options: dict, timings: dict | None,
                progress: Callable[[str, int], None]) -> LayerVersion:
    """A new ready version of raster `layer` from the GeoTIFF at `path`, converted by `reader` in the confined
    child (in `srid` when given; other options do not apply to rasters). IngestError for bad input. Runs inside
    the caller's transaction (ingest.pipeline.ingest_file)."""
    checksum = file_checksum(path)
    with raster_read(path, srid=srid, tags=raster_tags(layer)) as converted:
        version = version_create(layer=layer, user=user, source_name=path.name, source_format=reader.format,
                                 source_crs=converted.source_crs, source_checksum=checksum)
        name = media_store_file(raster_cog_name(layer_slug=layer.slug, number=version.number, checksum=checksum),
                                converted.cog)
    info = {**converted.description, "colormap": layer.style.get("colormap", DEFAULT_COLORMAP)}
    return version_finish_raster(version, raster_path=name, raster_info=info)
