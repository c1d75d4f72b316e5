"""The test sessions' template database: the region migrated and loaded (with its analysis) once, into a database
named by a checksum of what decides its content, which every test session then clones in seconds
(`CREATE DATABASE test_… TEMPLATE …`, Django's TEST["TEMPLATE"]).

The template of the database `atlas` is `atlas_tpl_<checksum>`; its media (the raster layers' COGs) live in
`.state/test-template/atlas_tpl_<checksum>/media`, which sessions copy. It is built under a temporary name and
renamed when complete, under an advisory lock, so that concurrent sessions (xdist workers, two terminals) neither
build it twice nor clone a half-built one; templates of other checksums of the same database are dropped then."""

import hashlib
import os
import re
import shutil
from collections.abc import Callable
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent
# What decides the template's content besides the migrations: the region's files, the code that loads, ingests and
# analyses them (all of hazards/ and ingest/: a change anywhere there rebuilds it, ~5 min), and this recipe.
SOURCES = ("fixtures", "region", "hazards", "ingest", "tests/dbtemplate.py")
SKIPPED_FOLDERS = {".venv", "node_modules", ".state", ".git", "__pycache__", "staticfiles"}
LOCK_KEY = 0x61746C5F74706C  # pg_advisory_lock key: "atl_tpl"
COMMENT = "atlas test database cloned from "


def _files(path: Path):
    if path.is_file():
        yield path
        return
    for folder, subfolders, names in os.walk(path):
        subfolders[:] = sorted(name for name in subfolders if name not in SKIPPED_FOLDERS)
        for name in sorted(names):
            if not name.endswith((".pyc", ".mo")):
                yield Path(folder) / name


def _migrations(root: Path):
    for file in _files(root):
        if file.parent.name == "migrations" and file.suffix == ".py":
            yield file


def template_checksum(root: Path = ROOT) -> str:
    """A SHA-256 of the names and bytes of every migration, every file under fixtures/ and the region's loading
    and analysis code: it changes whenever a template built from them would differ."""
    digest = hashlib.sha256()
    files = {*_migrations(root), *(file for source in SOURCES for file in _files(root / source))}
    for file in sorted(files):
        digest.update(str(file.relative_to(root)).encode() + b"\0")
        digest.update(hashlib.sha256(file.read_bytes()).digest())
    return digest.hexdigest()


def template_name(*, database: str, checksum: str) -> str:
    """The template of `database` (the development database's name) for `checksum`: `<database>_tpl_<16 hex>`."""
    return f"{database}_tpl_{checksum[:16]}"


def template_media(name: str) -> Path:
    """The folder of the media (raster COGs) the template's rows name; sessions copy it, never write into it."""
    return settings.STATE_DIR / "test-template" / name / "media"


def _exists(cursor, name: str) -> bool:
    cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
    return cursor.fetchone() is not None


def _drop(cursor, quote, name: str) -> None:
    cursor.execute(f"ALTER DATABASE {quote(name)} WITH IS_TEMPLATE false ALLOW_CONNECTIONS true")
    cursor.execute(f"DROP DATABASE {quote(name)} WITH (FORCE)")


def _drop_others(cursor, quote, *, database: str, keep: str) -> None:
    """Drop the templates of `database` for other checksums, with their media."""
    pattern = f"^{re.escape(database)}_tpl_[0-9a-f]{{16}}(_building)?$"
    cursor.execute("SELECT datname FROM pg_database WHERE datname ~ %s AND datname <> %s", [pattern, keep])
    for (name,) in cursor.fetchall():
        _drop(cursor, quote, name)
    folder = settings.STATE_DIR / "test-template"
    for media in folder.glob(f"{database}_tpl_*") if folder.exists() else ():
        if media.name != keep and re.fullmatch(pattern, media.name):
            shutil.rmtree(media, ignore_errors=True)


def template_ensure(connection, *, database: str, checksum: str, build: Callable[[str, Path], None]) -> str:
    """The name of the complete template of `database` for `checksum`, built first when missing by
    `build(database name, media folder)` into a new database that becomes the template only once `build` returned
    (under an advisory lock: a concurrent session waits for it, then clones it)."""
    name = template_name(database=database, checksum=checksum)
    quote = connection.ops.quote_name
    with connection._nodb_cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(%s)", [LOCK_KEY])
        try:
            if not _exists(cursor, name):
                _build(cursor, quote, name=name, build=build)
            _drop_others(cursor, quote, database=database, keep=name)
        finally:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [LOCK_KEY])
    return name


def _build(cursor, quote, *, name: str, build: Callable[[str, Path], None]) -> None:
    building = f"{name}_building"
    media = template_media(building)
    if _exists(cursor, building):
        _drop(cursor, quote, building)
    shutil.rmtree(media.parent, ignore_errors=True)
    media.mkdir(parents=True)
    cursor.execute(f"CREATE DATABASE {quote(building)}")
    build(building, media)
    cursor.execute(f"ALTER DATABASE {quote(building)} RENAME TO {quote(name)}")
    cursor.execute(f"ALTER DATABASE {quote(name)} WITH IS_TEMPLATE true ALLOW_CONNECTIONS false")
    shutil.rmtree(template_media(name).parent, ignore_errors=True)
    media.parent.rename(template_media(name).parent)


def session_database_stale(connection, *, name: str, checksum: str) -> bool:
    """Whether the kept test database `name` exists but was cloned from another template than `checksum`'s."""
    with connection._nodb_cursor() as cursor:
        cursor.execute("SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s", [name])
        row = cursor.fetchone()
    return row is not None and row[0] != COMMENT + checksum


def session_database_mark(connection, *, checksum: str) -> None:
    """Record on the test database which template it was cloned from (for --reuse-db)."""
    with connection._nodb_cursor() as cursor:
        name = connection.settings_dict["NAME"]
        cursor.execute(f"COMMENT ON DATABASE {connection.ops.quote_name(name)} IS %s", [COMMENT + checksum])


def session_database_drop(connection, *, name: str) -> None:
    """Drop the test database `name` (a stale one kept by --reuse-db), closing its connections."""
    with connection._nodb_cursor() as cursor:
        cursor.execute(f"DROP DATABASE {connection.ops.quote_name(name)} WITH (FORCE)")
