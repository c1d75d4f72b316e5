"""What a file is by its first bytes (magic numbers), whatever its name says."""

from pathlib import Path


def sniff(path: Path) -> str:
    """The kind of file by its first bytes: zip, gpkg, tiff or text (unknown binaries are 'binary')."""
    with open(path, "rb") as handle:
        head = handle.read(16)
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return "zip"
    if head.startswith(b"SQLite format 3"):
        return "gpkg"
    if head[:4] in (b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+"):
        return "tiff"
    if head[:4] == b"\x00\x00\x27\x0a":
        return "shp"
    try:
        head.decode("utf-8")
        return "text"
    except UnicodeDecodeError:
        return "text" if b"\x00" not in head else "binary"
