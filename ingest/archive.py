"""Unpacking an uploaded file safely and finding the geodata in it.

A zip is refused when a member's path escapes the folder, a member is a link, there are too many members,
or the unpacked size or the compression ratio passes the limits (zip bombs). Member names written by
Windows tools in CP866 are decoded as such."""

import stat
import zipfile
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.utils.translation import gettext_noop

from ingest.errors import IngestError
from ingest.formats import DATASET_SUFFIXES

SHAPEFILE_PARTS = (".shp", ".shx", ".dbf")
UTF8_FLAG = 0x800


def _member_name(info: zipfile.ZipInfo) -> str:
    if info.flag_bits & UTF8_FLAG:
        return info.filename
    try:
        return info.filename.encode("cp437").decode("cp866")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return info.filename


def _check_members(archive: zipfile.ZipFile, compressed_size: int) -> list[tuple[zipfile.ZipInfo, str]]:
    members = archive.infolist()
    if len(members) > settings.ZIP_MAX_MEMBERS:
        raise IngestError("zip_too_many_members", gettext_noop("the archive has %(count)s files; at most %(limit)s "
                                                               "are accepted"),
                          params={"count": len(members), "limit": settings.ZIP_MAX_MEMBERS})
    unpacked = sum(m.file_size for m in members)
    if unpacked > settings.ZIP_MAX_UNPACKED_BYTES:
        raise IngestError("zip_too_large", gettext_noop("the archive unpacks to %(size)s bytes; the limit is "
                                                        "%(limit)s"),
                          params={"size": unpacked, "limit": settings.ZIP_MAX_UNPACKED_BYTES})
    if compressed_size and unpacked / compressed_size > settings.ZIP_MAX_RATIO:
        raise IngestError("zip_bomb", gettext_noop("the archive expands %(ratio)s times; at most %(limit)s times is "
                                                   "accepted"),
                          params={"ratio": f"{unpacked / compressed_size:.0f}", "limit": settings.ZIP_MAX_RATIO})
    checked = []
    for member in members:
        name = _member_name(member)
        path = PurePosixPath(name.replace("\\", "/"))
        if path.is_absolute() or ".." in path.parts or (path.parts and ":" in path.parts[0]):
            raise IngestError("zip_unsafe_path", gettext_noop("the archive member %(name)s points outside the "
                                                              "archive"), params={"name": name})
        mode = member.external_attr >> 16
        if stat.S_ISLNK(mode):
            raise IngestError("zip_link", gettext_noop("the archive member %(name)s is a link; links are not "
                                                       "accepted"), params={"name": name})
        checked.append((member, str(path)))
    return checked


def unpack(path: Path, folder: Path) -> list[Path]:
    """Extract the zip at `path` into `folder` (after the checks above); returns the extracted files."""
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile as exc:
        raise IngestError("corrupt_archive", gettext_noop("the zip archive is damaged")) from exc
    extracted = []
    with archive:
        for member, name in _check_members(archive, path.stat().st_size):
            if member.is_dir():
                continue
            target = folder / name
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                with archive.open(member) as source, open(target, "wb") as out:
                    _copy_limited(source, out, member.file_size)
            except (zipfile.BadZipFile, EOFError, OSError) as exc:
                raise IngestError("corrupt_archive", gettext_noop("the archive member %(name)s cannot be read"),
                                  params={"name": name}) from exc
            extracted.append(target)
    return extracted


def _copy_limited(source, out, declared: int) -> None:
    """Copy at most the declared size (+1 MiB): a member lying about its size is a bomb too."""
    written = 0
    while block := source.read(1 << 20):
        written += len(block)
        if written > declared + (1 << 20):
            raise IngestError("zip_bomb", gettext_noop("an archive member is larger than it declares"))
        out.write(block)


def find_geodata(files: list[Path], wanted: str | None = None) -> Path:
    """The one geodata file among `files` (or the one named `wanted`); a Shapefile needs its .shx and .dbf."""
    candidates = [f for f in files if f.suffix.lower() in DATASET_SUFFIXES and not f.name.startswith("._")]
    shapefiles = [f for f in candidates if f.suffix.lower() == ".shp"]
    others = [f for f in candidates if f.suffix.lower() != ".shp"]
    candidates = shapefiles or others
    if wanted:
        candidates = [f for f in candidates if f.name == wanted or f.stem == wanted]
    if not candidates:
        parts = [f for f in files if f.suffix.lower() in (".shx", ".dbf")]
        if parts:
            raise IngestError("shapefile_incomplete", gettext_noop("the archive has Shapefile parts but no .shp file"))
        raise IngestError("no_geodata", gettext_noop("the archive holds no geodata (Shapefile, GeoPackage, GeoJSON, "
                                                     "KML, CSV or GeoTIFF)"))
    if len(candidates) > 1:
        names = ", ".join(sorted(f.name for f in candidates))
        raise IngestError("several_files", gettext_noop("the archive holds several datasets (%(names)s); name one "
                                                        "with the member option"),
                          params={"names": names}, choices=sorted(f.name for f in candidates))
    found = candidates[0]
    if found.suffix.lower() == ".shp":
        present = {f.suffix.lower() for f in files if f.stem == found.stem}
        missing = [s for s in SHAPEFILE_PARTS if s not in present]
        if missing:
            raise IngestError("shapefile_incomplete", gettext_noop("the Shapefile %(name)s lacks its %(missing)s "
                                                                   "file(s)"),
                              params={"name": found.name, "missing": ", ".join(missing)})
    return found
