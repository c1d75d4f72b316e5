"""The raster ingest: a GeoTIFF in, one new raster layer version out. The conversion into a Cloud-Optimized
GeoTIFF runs in the confined child (ingest.confined); this side checks the layer, records the version and stores
the COG as its media file, in one transaction."""

import tempfile
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext_noop

from hazards.media import media_store_file, raster_cog_name
from hazards.models import Layer, LayerVersion
from hazards.services.layers import layer_publish
from hazards.services.versions import version_create, version_finish_raster

from .checksum import file_checksum
from .confined import raster_convert
from .errors import IngestError

DEFAULT_COLORMAP = "ylorrd"


@transaction.atomic
def ingest_raster(*, layer: Layer, path: Path, user=None, publish: bool = False,
                  srid: int | None = None) -> LayerVersion:
    """A new version of raster `layer` from the GeoTIFF at `path`; IngestError for bad input (nothing kept)."""
    path = Path(path)
    if layer.kind != Layer.Kind.RASTER:
        raise IngestError("kind_mismatch", gettext_noop("%(layer)s is a vector layer; a GeoTIFF needs a raster layer"),
                          params={"layer": layer.slug})
    checksum = file_checksum(path)
    tags = {"LICENCE": layer.licence, "ATTRIBUTION": layer.attribution, "TITLE": layer.title}
    with tempfile.TemporaryDirectory(prefix="atlas-cog-", dir=settings.FILE_UPLOAD_TEMP_DIR) as work:
        converted = Path(work) / "cog.tif"
        info = raster_convert(path, target=converted, srid=srid, tags=tags)
        version = version_create(layer=layer, user=user, source_name=path.name, source_format="GeoTIFF",
                                 source_crs=info.pop("source_crs"), source_checksum=checksum)
        relative = media_store_file(raster_cog_name(layer_slug=layer.slug, number=version.number, checksum=checksum),
                                    converted)
    info["colormap"] = layer.style.get("colormap", DEFAULT_COLORMAP)
    version = version_finish_raster(version, raster_path=relative, raster_info=info)
    if publish:
        layer_publish(layer=layer, version=version, user=user)
    return version
