"""The registry of input formats: detection (magic bytes and suffixes), reading and the kind of layer each
makes. A new format is a new Reader subclass listed in READERS; archives are listed in CONTAINERS."""

from pathlib import Path

from django.utils.translation import gettext_noop

from ingest.errors import IngestError

from .base import Batch, Reader, SourceInfo
from .detect import sniff
from .geotiff import GeoTIFFReader
from .ogr import CSVReader, GeoJSONReader, GeoPackageReader, KMLReader, ShapefileReader

READERS: list[type[Reader]] = [GeoJSONReader, GeoPackageReader, ShapefileReader, KMLReader, CSVReader,
                               GeoTIFFReader]
# Archives an upload may arrive in: suffix → the suffixes of the datasets looked for inside (None: any format).
CONTAINERS: dict[str, tuple[str, ...] | None] = {".zip": None, ".kmz": (".kml",)}
DATASET_SUFFIXES = tuple(suffix for reader in READERS for suffix in reader.suffixes)


def reader_class_for(path: Path) -> type[Reader]:
    """The Reader class for `path`, chosen by its suffix; IngestError naming the supported ones otherwise."""
    suffix = Path(path).suffix.lower()
    for reader in READERS:
        if suffix in reader.suffixes:
            return reader
    raise IngestError("unsupported_format", gettext_noop(
        "files ending in %(suffix)s are not supported; send a Shapefile (.zip), GeoPackage, GeoJSON, KML/KMZ, CSV "
        "or GeoTIFF"), params={"suffix": suffix or "—"})


def content_check(path: Path, shown_name: str) -> str:
    """Check that the file's first bytes match what its suffix promises; returns the sniffed content."""
    suffix = Path(path).suffix.lower()
    expected = "zip" if suffix in CONTAINERS else reader_class_for(path).content
    found = sniff(path)
    if found != expected:
        raise IngestError("not_geodata", gettext_noop("%(name)s is named like a %(suffix)s file but its content is "
                                                      "not one (%(found)s)"),
                          params={"name": shown_name, "suffix": suffix, "found": found})
    return found


__all__ = ["CONTAINERS", "DATASET_SUFFIXES", "READERS", "Batch", "Reader", "SourceInfo", "content_check",
           "reader_class_for", "sniff"]
