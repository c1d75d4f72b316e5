"""The confined child process that reads an upload (started by ingest.confined). It confines itself
(ingest.confinement), then reads: a vector file's info and batches, or a GeoTIFF's conversion into a COG, and
streams them to the parent over a pipe as JSON and WKB (never pickle). It checks the declared and the counted
work against the limits it is given. It writes nothing but its scratch folder, and never touches the database.

Messages are one kind byte and a payload: R ready (what confinement is in force), I info, B batch, D done
(a raster's description), E error (an IngestError's code, message and params)."""

import dataclasses
import struct
from pathlib import Path

import orjson
import shapely
from django.conf import settings
from django.utils.translation import gettext_noop

from .confinement import confine
from .errors import IngestError
from .formats import reader_class_for
from .formats.base import Batch

HEADER = struct.Struct("<Q")
MEMORY_SIGNS = ("memory", "cannot allocate", "no space for")  # how GDAL and libtiff say an allocation failed


def batch_encode(batch: Batch) -> bytes:
    """A batch as bytes: a JSON header (rows, WKB sizes) and the WKB of each geometry (empty for none)."""
    wkb = [b"" if g is None else g for g in shapely.to_wkb(batch.geometries).tolist()]
    head = orjson.dumps({"rows": batch.properties, "sizes": [len(w) for w in wkb]}, default=str,
                        option=orjson.OPT_SERIALIZE_NUMPY)
    return HEADER.pack(len(head)) + head + b"".join(wkb)


def batch_decode(payload: bytes) -> Batch:
    (length,) = HEADER.unpack_from(payload)
    head = orjson.loads(payload[HEADER.size:HEADER.size + length])
    offset, wkb = HEADER.size + length, []
    for size in head["sizes"]:
        wkb.append(payload[offset:offset + size] or None)
        offset += size
    return Batch(geometries=shapely.from_wkb(wkb, on_invalid="warn"), properties=head["rows"])


def _too_many(code: str, count: int, limit: int) -> IngestError:
    """The refusal of a file that holds more than the limit (marked here, not at import: the fork server that
    imports this module has no settings, and gettext_noop reads them)."""
    if code == "too_many_features":
        message = gettext_noop("the file holds more than %(limit)s features (%(count)s at least); split it or ask "
                               "an administrator to raise the limit")
    else:
        message = gettext_noop("the file's geometries have more than %(limit)s vertices (%(count)s at least); "
                               "simplify or split it, or ask an administrator to raise the limit")
    return IngestError(code, message, params={"count": count, "limit": limit})


def _vector(conn, job: dict) -> None:
    reader = reader_class_for(Path(job["path"]))(Path(job["path"]), **job["options"])
    try:
        info = reader.info()
        if (info.feature_count or 0) > job["max_features"]:
            raise _too_many("too_many_features", info.feature_count, job["max_features"])
        conn.send_bytes(b"I" + orjson.dumps(dataclasses.asdict(info)))
        features = vertices = 0
        for batch in reader.batches(job["size"]):
            features += len(batch.geometries)
            vertices += int(shapely.get_num_coordinates(batch.geometries).sum())
            if features > job["max_features"]:
                raise _too_many("too_many_features", features, job["max_features"])
            if vertices > job["max_vertices"]:
                raise _too_many("too_many_vertices", vertices, job["max_vertices"])
            conn.send_bytes(b"B" + batch_encode(batch))
    finally:
        reader.close()
    conn.send_bytes(b"D{}")


def _raster(conn, job: dict) -> None:
    reader = reader_class_for(Path(job["path"]))(Path(job["path"]))
    described = reader.convert(target=Path(job["target"]), srid=job["srid"], tags=job["tags"],
                               max_pixels=job["max_pixels"])
    conn.send_bytes(b"D" + orjson.dumps(described, option=orjson.OPT_SERIALIZE_NUMPY))


def _memory_error(exc: BaseException | None) -> bool:
    """Whether `exc`, or an error it came from, is an allocation that failed (the address-space limit)."""
    while exc is not None:
        text = f"{type(exc).__name__} {exc}".lower()
        if isinstance(exc, MemoryError) or any(sign in text for sign in MEMORY_SIGNS):
            return True
        exc = exc.__cause__ or exc.__context__
    return False


def child_main(conn, job: dict) -> None:
    """The child's whole life: confine, read, report; every failure becomes an E message."""
    if not settings.configured:  # the messages are only marked here (gettext_noop); never the atlas's settings
        settings.configure(USE_I18N=False)
    try:
        reader = reader_class_for(Path(job["path"]))
        applied = confine(readable=[Path(job["path"]).parent], scratch=Path(job["scratch"]),
                          memory_mb=job["memory_mb"], seconds=job["seconds"],
                          drivers=reader.drivers if reader.kind == "vector" else None)
        conn.send_bytes(b"R" + orjson.dumps(applied))
        (_raster if reader.kind == "raster" else _vector)(conn, job)
    except IngestError as error:
        conn.send_bytes(b"E" + orjson.dumps({"code": error.code, "message": error.message, "params": error.params,
                                             "extra": error.extra}, default=str))
    except Exception as exc:  # anything else the libraries raise on hostile input: a refusal, never a crash
        code = "memory_limit" if _memory_error(exc) else "unreadable_file"
        conn.send_bytes(b"E" + orjson.dumps({"code": code, "message": "", "params": {}, "extra": {},
                                             "kind": type(exc).__name__}))
    finally:
        conn.close()
