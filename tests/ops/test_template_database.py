"""The test sessions' template database (tests/dbtemplate.py), on the real PostgreSQL server of the test run: named
by a checksum of what decides its content, built once and only made a template when complete, even with two
sessions starting together; other checksums' templates dropped with their media."""

import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psycopg
import pytest
from django.db import connection, connections

from tests import dbtemplate


def _until(predicate, timeout: float):
    deadline = time.monotonic() + timeout
    while not predicate() and time.monotonic() < deadline:
        time.sleep(0.05)
    return predicate()


def _psql(dbname: str = "postgres") -> psycopg.Connection:
    db = connection.settings_dict
    return psycopg.connect(dbname=dbname, autocommit=True, host=db.get("HOST") or None, port=db.get("PORT") or None,
                           user=db.get("USER") or None, password=db.get("PASSWORD") or None)


def _databases(base: str) -> dict[str, tuple]:
    """The databases whose name starts with `base`: (is a template, allows connections)."""
    with _psql() as conn:
        rows = conn.execute("SELECT datname, datistemplate, datallowconn FROM pg_database"
                            " WHERE starts_with(datname, %s)", [base]).fetchall()
    return {name: (is_template, allows) for name, is_template, allows in rows}


class Builder:
    """A build that writes one row naming its database and one media file; counts its calls."""

    def __init__(self):
        self.calls = 0
        self.started = threading.Event()
        self.go_on = threading.Event()
        self.go_on.set()
        self.fail = False

    def __call__(self, name: str, media: Path) -> None:
        self.calls += 1
        self.started.set()
        assert self.go_on.wait(60)
        with _psql(name) as conn:
            conn.execute("CREATE TABLE built (name text)")
            conn.execute("INSERT INTO built VALUES (%s)", [name])
        (media / "rasters").mkdir()
        (media / "rasters" / "cog.tif").write_bytes(b"COG")
        if self.fail:
            raise RuntimeError("the region did not load")


@pytest.fixture
def base(settings, tmp_path, django_db_blocker):
    """A database name of our own (its templates are dropped afterwards), media under a temporary state folder."""
    settings.STATE_DIR = tmp_path
    name = f"atlas_tpltest_{uuid.uuid4().hex[:8]}"
    with django_db_blocker.unblock():
        yield name
    with _psql() as conn:
        for database in _databases(name):
            conn.execute(f'ALTER DATABASE "{database}" WITH IS_TEMPLATE false')
            conn.execute(f'DROP DATABASE "{database}" WITH (FORCE)')


def _ensure(base: str, checksum: str, build) -> str:
    return dbtemplate.template_ensure(connections["default"], database=base, checksum=checksum, build=build)


CHECKSUM = "a" * 64
OTHER = "b" * 64


def test_the_template_is_a_complete_read_only_template_named_by_the_checksum(base):
    build = Builder()
    name = _ensure(base, CHECKSUM, build)
    assert name == f"{base}_tpl_{'a' * 16}"
    assert _databases(base) == {name: (True, False)}
    assert (dbtemplate.template_media(name) / "rasters" / "cog.tif").read_bytes() == b"COG"


def test_a_second_session_clones_the_template_without_building_it_again(base):
    build = Builder()
    _ensure(base, CHECKSUM, build)
    name = _ensure(base, CHECKSUM, build)
    assert build.calls == 1
    with _psql() as conn:
        conn.execute(f'CREATE DATABASE "{base}_clone" TEMPLATE "{name}"')
    with _psql(f"{base}_clone") as conn:
        assert conn.execute("SELECT name FROM built").fetchall() == [(f"{name}_building",)]


def _waiting_for_the_lock() -> bool:
    with _psql() as conn:
        return conn.execute("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND objid = %s",
                            [dbtemplate.LOCK_KEY & 0xFFFFFFFF]).fetchone()[0] > 0


def test_two_sessions_starting_together_build_once_and_neither_sees_it_half_built(base):
    build = Builder()
    build.go_on.clear()
    with ThreadPoolExecutor(2) as pool:
        first = pool.submit(_ensure, base, CHECKSUM, build)
        assert build.started.wait(60)
        second = pool.submit(_ensure, base, CHECKSUM, build)
        assert _until(_waiting_for_the_lock, timeout=60)
        assert not second.done()
        half_built = _databases(base)
        build.go_on.set()
        names = {first.result(timeout=60), second.result(timeout=60)}
    assert half_built == {f"{base}_tpl_{'a' * 16}_building": (False, True)}
    assert build.calls == 1
    assert names == {f"{base}_tpl_{'a' * 16}"}


def test_a_failed_build_leaves_no_template_and_the_next_session_builds_it(base):
    build = Builder()
    build.fail = True
    with pytest.raises(RuntimeError):
        _ensure(base, CHECKSUM, build)
    assert f"{base}_tpl_{'a' * 16}" not in _databases(base)
    build.fail = False
    name = _ensure(base, CHECKSUM, build)
    assert build.calls == 2
    assert _databases(base) == {name: (True, False)}


def test_a_new_checksum_drops_the_old_template_and_its_media(base):
    old = _ensure(base, CHECKSUM, Builder())
    new = _ensure(base, OTHER, Builder())
    assert _databases(base) == {new: (True, False)}
    assert not dbtemplate.template_media(old).parent.exists()
    assert dbtemplate.template_media(new).is_dir()


def test_a_kept_test_database_of_another_template_is_stale_and_a_marked_one_is_not(base):
    with _psql() as conn:
        conn.execute(f'CREATE DATABASE "{base}_test"')
        conn.execute(f"COMMENT ON DATABASE \"{base}_test\" IS '{dbtemplate.COMMENT}{OTHER}'")
    assert dbtemplate.session_database_stale(connection, name=f"{base}_test", checksum=CHECKSUM)
    with _psql() as conn:
        conn.execute(f"COMMENT ON DATABASE \"{base}_test\" IS '{dbtemplate.COMMENT}{CHECKSUM}'")
    assert not dbtemplate.session_database_stale(connection, name=f"{base}_test", checksum=CHECKSUM)
    assert not dbtemplate.session_database_stale(connection, name=f"{base}_missing", checksum=CHECKSUM)


def _tree(root: Path) -> Path:
    for path, text in {"fixtures/region/areas.csv": "code\n1\n", "hazards/migrations/0001_initial.py": "# 1\n",
                       "region/loader.py": "# load\n", "web/views.py": "# views\n"}.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(text)
    return root


def test_the_checksum_follows_migrations_fixtures_and_the_loading_code_only(tmp_path):
    root = _tree(tmp_path)
    first = dbtemplate.template_checksum(root)
    (root / "web" / "views.py").write_text("# other views\n")
    (root / "hazards" / "migrations" / "0001_initial.cpython-313.pyc").write_bytes(b"\0")
    assert dbtemplate.template_checksum(root) == first
    (root / "hazards" / "migrations" / "0002_more.py").write_text("# 2\n")
    after_migration = dbtemplate.template_checksum(root)
    assert after_migration != first
    (root / "fixtures" / "region" / "areas.csv").write_text("code\n2\n")
    after_fixture = dbtemplate.template_checksum(root)
    assert after_fixture != after_migration
    (root / "region" / "loader.py").write_text("# load differently\n")
    assert dbtemplate.template_checksum(root) != after_fixture
