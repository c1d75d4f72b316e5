"""The registry of input formats: a new format is a new Reader subclass listed here."""

from pathlib import Path

from ingest.errors import IngestError

from .base import Batch, Reader, SourceInfo
from .ogr import CSVReader, GeoJSONReader, GeoPackageReader, KMLReader, ShapefileReader

READERS: list[type[Reader]] = [GeoJSONReader, GeoPackageReader, ShapefileReader, KMLReader, CSVReader]


def reader_for(path: Path, **options) -> Reader:
    """The reader for `path`, chosen by its suffix."""
    suffix = Path(path).suffix.lower()
    for reader in READERS:
        if suffix in reader.suffixes:
            return reader(path, **options)
    known = ", ".join(s for r in READERS for s in r.suffixes)
    raise IngestError("unsupported_format", f"files ending in {suffix or '(nothing)'} are not supported; "
                                            f"use one of: {known}")


__all__ = ["READERS", "Batch", "Reader", "SourceInfo", "reader_for"]
