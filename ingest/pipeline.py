"""The ingest pipeline: a file in, one new layer version out, all in one transaction — the one entry point for
vector and raster files alike.

The format registry (ingest.formats) picks the reader; the reader reads and describes in a confined child process
(ingest.confined), and writes nothing but its scratch folder; this side owns what is kept: the version, its
features (ingest.vector) or its COG stored as media (ingest.raster), and the publication."""

from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from django.contrib.auth.models import User
from django.db import transaction
from django.utils.translation import gettext_noop

from hazards.models import Layer, LayerVersion
from hazards.services.layers import layer_publish

from .errors import IngestError
from .formats import Reader, reader_class_for
from .raster import raster_load
from .vector import vector_load

Progress = Callable[[str, int], None]


class Loader(Protocol):
    """Loads a file of one kind into a new ready version of `layer`, inside the caller's transaction."""

    def __call__(self, *, layer: Layer, path: Path, reader: type[Reader], user: User | None,
                 srid: int | None, options: dict[str, Any], timings: dict[str, float] | None,
                 progress: Progress) -> LayerVersion: ...


# The kind of layer a reader makes → what loads its file into a new version, and why a layer of the other kind
# refuses it.
LOADERS: dict[str, Loader] = {Layer.Kind.VECTOR: vector_load, Layer.Kind.RASTER: raster_load}
KIND_MISMATCH: dict[str, str] = {
    Layer.Kind.VECTOR: gettext_noop("%(layer)s is a raster layer; it takes a GeoTIFF"),
    Layer.Kind.RASTER: gettext_noop("%(layer)s is a vector layer; a GeoTIFF needs a raster layer"),
}


def _no_progress(stage: str, percent: int) -> None:
    return None


@transaction.atomic
def ingest_file(*, layer: Layer, path: Path, user: User | None = None, publish: bool = False,
                srid: int | None = None, timings: dict[str, float] | None = None, progress: Progress = _no_progress,
                **options: Any) -> LayerVersion:
    """Create a new version of `layer` from the vector or raster file at `path` and return it (ready, or published
    when `publish`). Options go to a vector reader: `encoding`, `source_layer` (in a GeoPackage), `where`.
    Raises IngestError for bad input, or a file of the other kind than the layer; nothing is kept then.
    `timings`, if given, receives seconds per stage of a vector load (read, prepare, copy, finish);
    `progress(stage, percent)` is told how far the load is."""
    path = Path(path)
    reader = reader_class_for(path)
    if reader.kind == Layer.Kind.RASTER:
        progress("converting", 20)
    if layer.kind != reader.kind:
        raise IngestError("kind_mismatch", KIND_MISMATCH[reader.kind], params={"layer": layer.slug})
    version = LOADERS[reader.kind](layer=layer, path=path, reader=reader, user=user, srid=srid, options=options,
                                   timings=timings, progress=progress)
    if publish:
        layer_publish(layer=layer, version=version, user=user)
    return version
