"""Reading an upload in a confined child process (ingest.child, ingest.confinement), from the parent's side: the
parent checks the files for references first (formats.guard), starts the child from a fork server that has the
readers loaded (fast, and with nothing of the parent's memory: no settings, no database connection), decodes what
the child streams and keeps the database work. A child that runs out of time or memory is stopped and becomes a
translated IngestError; the parent process is never at risk."""

import logging
import multiprocessing
import shutil
import signal
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import orjson
from django.conf import settings
from django.utils.translation import gettext_noop

from .child import batch_decode, child_main
from .errors import IngestError
from .formats import Batch, SourceInfo
from .formats.guard import references_check

log = logging.getLogger(__name__)
_CONTEXT = multiprocessing.get_context("forkserver")
_CONTEXT.set_forkserver_preload(["ingest.child"])
STARTUP_SECONDS = 120  # a cold fork server imports GDAL, PROJ and Arrow first; not counted as the upload's time
MAX_MESSAGE = 1 << 31
FALLBACK = {
    "memory_limit": gettext_noop("reading the file needed more than %(limit)s MB of memory; it was stopped"),
    "time_limit": gettext_noop("reading the file took longer than %(limit)s seconds; it was stopped"),
    "unreadable_file": gettext_noop("the file cannot be read as %(format)s"),
}


@dataclass
class ConfinedRead:
    """A vector file being read by the child: its `info`, then `batches()` as the child sends them."""

    info: SourceInfo
    _channel: "_Channel"

    def batches(self) -> Iterator[Batch]:
        while (message := self._channel.receive())[0] == ord("B"):
            yield batch_decode(message[1:])


class _Channel:
    def __init__(self, job: dict, shown_format: str):
        self.format, self.left = shown_format, float(job["seconds"])
        self.conn, child = _CONTEXT.Pipe(duplex=False)
        self.process = _CONTEXT.Process(target=child_main, args=(child, job), daemon=True)
        self.process.start()
        child.close()
        self.timed_out = False
        ready = self.receive(startup=True)
        if ready[0] != ord("R"):
            raise self.unexpected(ready)
        self.applied = orjson.loads(ready[1:])

    def receive(self, *, startup: bool = False) -> bytes:
        """The next message; raises the child's IngestError, or the limit that stopped it."""
        started = time.monotonic()
        waiting = STARTUP_SECONDS if startup else self.left
        try:
            if not self.conn.poll(max(waiting, 0)):
                self.timed_out = True
                raise self._stopped()
            message = self.conn.recv_bytes(MAX_MESSAGE)
        except (EOFError, OSError):
            raise self._stopped() from None
        if not startup:
            self.left -= time.monotonic() - started
        if message[:1] == b"E":
            raise self._error(orjson.loads(message[1:]))
        return message

    def _error(self, error: dict) -> IngestError:
        if error["message"]:
            return IngestError(error["code"], error["message"], params=error["params"], **error["extra"])
        log.info("confined %s reading failed: %s", self.format, error.get("kind"))
        return self._limit_error(error["code"])

    def _limit_error(self, code: str) -> IngestError:
        limit = {"memory_limit": settings.INGEST_MEMORY_MB, "time_limit": settings.INGEST_SECONDS}.get(code)
        return IngestError(code, FALLBACK[code], params={"limit": limit, "format": self.format})

    def _stopped(self) -> IngestError:
        """What stopped a child that sent no answer: our time-out, its CPU limit, or memory (an abort, a kill)."""
        self.close()
        code = self.process.exitcode
        if self.timed_out or code == -signal.SIGXCPU:
            return self._limit_error("time_limit")
        log.info("confined %s reading died with exit code %s", self.format, code)
        return self._limit_error("memory_limit")

    def unexpected(self, message: bytes) -> IngestError:
        log.info("confined %s reading sent %r first", self.format, message[:1])
        return self._stopped()

    def close(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(5)
        self.conn.close()


def _job(path: Path, scratch: Path, **extra) -> dict:
    return {"path": str(path), "scratch": str(scratch), "memory_mb": settings.INGEST_MEMORY_MB,
            "seconds": settings.INGEST_SECONDS, "max_features": settings.UPLOAD_MAX_FEATURES,
            "max_vertices": settings.UPLOAD_MAX_VERTICES, "max_pixels": settings.UPLOAD_MAX_PIXELS, **extra}


@contextmanager
def _scratch() -> Iterator[Path]:
    folder = Path(tempfile.mkdtemp(prefix="atlas-confined-", dir=settings.FILE_UPLOAD_TEMP_DIR))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@contextmanager
def vector_read(path: Path, *, shown_format: str, options: dict, size: int) -> Iterator[ConfinedRead]:
    """Read the vector file at `path` in a confined child: yields its info and a stream of batches. IngestError
    for a file that refers elsewhere, is unreadable, or passes a limit (features, vertices, memory, time)."""
    references_check(path)
    with _scratch() as scratch:
        channel = _Channel(_job(path, scratch, options=options, size=size), shown_format)
        try:
            message = channel.receive()
            if message[:1] != b"I":
                raise channel.unexpected(message)
            info = orjson.loads(message[1:])
            yield ConfinedRead(info=SourceInfo(**info), _channel=channel)
        finally:
            channel.close()


@dataclass
class ConvertedRaster:
    """A GeoTIFF converted by the child: the COG in the scratch folder (there while the block lasts), the CRS of the
    source and the description of the COG (bands, dtype, nodata, CRS, size, resolution, bounds, statistics)."""

    cog: Path
    source_crs: str
    description: dict


@contextmanager
def raster_read(path: Path, *, srid: int | None, tags: dict) -> Iterator[ConvertedRaster]:
    """Convert the GeoTIFF at `path` into a COG in a confined child; yields the COG (in a scratch folder removed
    when the block ends) and its description. IngestError for a refused, unreadable or too large raster, or one
    that passes memory or time."""
    references_check(path)
    with _scratch() as scratch:
        job = _job(path, scratch, target=str(scratch / "cog.tif"), srid=srid, tags=tags)
        channel = _Channel(job, "GeoTIFF")
        try:
            message = channel.receive()
            if message[:1] != b"D":
                raise channel.unexpected(message)
        finally:
            channel.close()
        description = orjson.loads(message[1:])
        yield ConvertedRaster(cog=scratch / "cog.tif", source_crs=description.pop("source_crs"),
                              description=description)
