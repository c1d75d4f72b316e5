"""The core vector ingest: a file in, one new layer version out, all in one transaction.

read (pyogrio, encoding-aware, in batches, in a confined child process: ingest.confined) → reproject / 2D /
repair (shapely) → COPY binary into a staging table → one INSERT…SELECT that sets levels, countries and
transboundary flags → ANALYZE."""

import time
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import orjson
from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext_noop

from hazards.models import Layer, LayerVersion
from hazards.services.layers import layer_publish
from hazards.services.versions import version_copy_rows, version_create, version_finish

from .checksum import file_checksum
from .confined import vector_read
from .errors import IngestError
from .formats import reader_class_for
from .geometry import prepare, transformer_to_wgs84
from .labels import label_field_guess
from .raster import ingest_raster


@contextmanager
def _stage(timings: dict | None, name: str):
    started = time.perf_counter()
    yield
    if timings is not None:
        timings[name] = timings.get(name, 0.0) + time.perf_counter() - started


def _json(row: dict) -> bytes:
    return orjson.dumps(row, default=str, option=orjson.OPT_SERIALIZE_NUMPY)


def _no_progress(stage: str, percent: int) -> None:
    return None


@transaction.atomic
def ingest_file(*, layer: Layer, path: Path, user=None, publish: bool = False, srid: int | None = None,
                timings: dict | None = None, progress=_no_progress, **options) -> LayerVersion:
    """Create a new version of `layer` from the vector file at `path` and return it (ready, or published
    when `publish`). Options go to the reader: `encoding`, `source_layer` (in a GeoPackage), `where`.
    Raises IngestError for bad input; nothing is written then. `timings`, if given, receives seconds per
    stage (read, prepare, copy, finish); `progress(stage, percent)` is told how far the load is."""
    path = Path(path)
    reader = reader_class_for(path)
    if reader.kind == Layer.Kind.RASTER:
        progress("converting", 20)
        return ingest_raster(layer=layer, path=path, user=user, publish=publish, srid=srid)
    if layer.kind != Layer.Kind.VECTOR:
        raise IngestError("kind_mismatch", gettext_noop("%(layer)s is a raster layer; it takes a GeoTIFF"),
                          params={"layer": layer.slug})
    options = {key: value for key, value in {**options, "srid": srid}.items() if value is not None}
    with vector_read(path, shown_format=reader.format, options=options, size=settings.INGEST_CHUNK_SIZE) as read:
        return _load(read, layer=layer, path=path, user=user, publish=publish, srid=srid, timings=timings,
                     progress=progress, where=options.get("where"))


def _load(read, *, layer, path, user, publish, srid, timings, progress, where) -> LayerVersion:
    info = read.info
    transformer = transformer_to_wgs84(info.crs, srid)
    version = version_create(
        layer=layer, user=user, source_name=path.name, source_format=info.format,
        source_encoding=info.encoding, source_crs=f"EPSG:{srid}" if srid else (info.crs or ""),
        source_checksum=file_checksum(path, where or ""), fields=info.fields,
        warnings=info.warnings,
    )
    repaired = dropped = 0
    next_fid = 1
    expected = max(info.feature_count or 0, 1)
    progress("reading", 10)
    batches = read.batches()
    while True:
        with _stage(timings, "read"):
            batch = next(batches, None)
        if batch is None:
            break
        fids = np.arange(next_fid, next_fid + len(batch.geometries))
        next_fid += len(fids)
        with _stage(timings, "prepare"):
            prepared = prepare(batch.geometries, fids, transformer)
        repaired += prepared.repaired
        dropped += prepared.dropped
        kept = np.flatnonzero(prepared.keep)
        with _stage(timings, "copy"):
            version_copy_rows(
                (int(fids[i]), ewkb, _json(batch.properties[i])) for i, ewkb in zip(kept, prepared.ewkb, strict=True)
            )
        progress("reading", 10 + int(60 * min(1.0, (next_fid - 1) / expected)))
    progress("checking countries and levels", 75)
    with _stage(timings, "finish"):
        version = version_finish(version, repaired_count=repaired, dropped_count=dropped)
    if version.feature_count == 0:
        raise IngestError("no_features", gettext_noop("%(name)s has no features with a geometry"),
                          params={"name": path.name})
    if not layer.label_field and (guess := label_field_guess(version.fields)):
        Layer.objects.filter(pk=layer.pk).update(label_field=guess)
        layer.label_field = guess
    if publish:
        layer_publish(layer=layer, version=version, user=user)
    return version
