"""The vector side of the ingest pipeline (ingest.pipeline): the features a confined child reads (ingest.confined)
become one new version: reproject / 2D / repair (shapely) → COPY binary into a staging table → one INSERT…SELECT
that sets levels, countries and transboundary flags → ANALYZE (hazards.services.versions)."""

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import orjson
from django.conf import settings
from django.contrib.auth.models import User
from django.utils.translation import gettext_noop

from hazards.models import Layer, LayerVersion
from hazards.services.versions import version_copy_rows, version_create, version_finish

from .checksum import file_checksum
from .confined import ConfinedRead, vector_read
from .errors import IngestError
from .formats import Reader
from .geometry import prepare, transformer_to_wgs84
from .labels import label_field_guess


@contextmanager
def _stage(timings: dict | None, name: str) -> Iterator[None]:
    started = time.perf_counter()
    yield
    if timings is not None:
        timings[name] = timings.get(name, 0.0) + time.perf_counter() - started


def _json(row: dict) -> bytes:
    return orjson.dumps(row, default=str, option=orjson.OPT_SERIALIZE_NUMPY)


def vector_load(*, layer: Layer, path: Path, reader: type[Reader], user: User | None,
                srid: int | None, options: dict, timings: dict | None,
                progress: Callable[[str, int], None]) -> LayerVersion:
    """A new ready version of vector `layer` from the file at `path`, read by `reader` in the confined child with
    the reader's `options` (`encoding`, `source_layer`, `where`). IngestError for bad input or a file without
    features. Runs inside the caller's transaction (ingest.pipeline.ingest_file)."""
    options = {key: value for key, value in {**options, "srid": srid}.items() if value is not None}
    with vector_read(path, shown_format=reader.format, options=options, size=settings.INGEST_CHUNK_SIZE) as read:
        version = _load(read, layer=layer, path=path, user=user, srid=srid, timings=timings, progress=progress,
                        where=options.get("where"))
    if version.feature_count == 0:
        raise IngestError("no_features", gettext_noop("%(name)s has no features with a geometry"),
                          params={"name": path.name})
    if not layer.label_field and (guess := label_field_guess(version.fields)):
        Layer.objects.filter(pk=layer.pk).update(label_field=guess)
        layer.label_field = guess
    return version


def _load(read: ConfinedRead, *, layer, path, user, srid, timings, progress, where) -> LayerVersion:
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
        return version_finish(version, repaired_count=repaired, dropped_count=dropped)
