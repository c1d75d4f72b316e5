"""Files that make GDAL reach beyond themselves are refused before GDAL sees them: VRT XML (whatever the file is
named), GDAL virtual paths (/vsicurl/, /vsizip/, …), KML NetworkLinks, links. The dataset's side files (.aux.xml,
a Shapefile's parts) are searched too, and a link or a .vrt anywhere beside it is refused. Binary files (GeoTIFF,
GeoPackage, .shp/.dbf) are not searched — their compressed or numeric bytes would match by chance — they are
opened only by their own pinned driver with GDAL's side-file and network access off (ingest.confinement)."""

from pathlib import Path

from django.utils.translation import gettext_noop

from ingest.errors import IngestError

from .detect import sniff

MARKERS = {b"/vsi": "/vsi…", b"<vrtdataset": "VRT", b"<ogrvrtdatasource": "VRT", b"<networklink": "NetworkLink",
           b"<gdal_wms": "GDAL WMS"}
REFUSED_SUFFIXES = (".vrt", ".ovf")
CHUNK = 1 << 20
OVERLAP = max(len(marker) for marker in MARKERS)


def _refuse(name: str, what: str) -> IngestError:
    return IngestError("external_reference", gettext_noop(
        "%(name)s refers to other files or network addresses (%(what)s); an upload must hold its data itself"),
        params={"name": name, "what": what})


def _marker_in(path: Path) -> str | None:
    tail = b""
    with open(path, "rb") as handle:
        while block := handle.read(CHUNK):
            text = (tail + block).lower()
            for marker, what in MARKERS.items():
                if marker in text:
                    return what
            tail = text[-OVERLAP:]
    return None


def references_check(path: Path) -> None:
    """IngestError `external_reference` when the dataset at `path`, or any file beside it, is a link, a VRT or
    names a GDAL virtual path or a KML NetworkLink. The dataset's own files (its name with any suffix: a
    Shapefile's parts, `x.tif.aux.xml`) are searched; the others beside it are checked by name and kind only."""
    path = Path(path)
    for item in sorted(path.parent.iterdir()):
        if item.is_symlink():
            raise _refuse(item.name, "link")
        if not item.is_file():
            continue
        if item.name.lower().endswith(REFUSED_SUFFIXES):
            raise _refuse(item.name, "VRT")
        own = item.name.startswith(f"{path.stem}.")
        if own and sniff(item) == "text" and (what := _marker_in(item)) is not None:
            raise _refuse(item.name, what)
