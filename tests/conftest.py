"""Test set-up: a real PostGIS test database, migrated, with the whole region loaded — cloned per session from a
template built once per change of the fixtures, migrations or loading code (tests/dbtemplate.py)."""

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import override_settings

from hazards.models import HazardType, Layer
from hazards.services.users import user_set_role
from tests import dbtemplate
from tests.data.uploads.hostile import Recorder

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="session", autouse=True)
def media_root(tmp_path_factory):
    """Uploads and exports of the test session go to a temporary folder, never to .state/media."""
    root = tmp_path_factory.mktemp("media")
    with override_settings(MEDIA_ROOT=root):
        yield root


def _region_build(name: str, media: Path) -> None:
    """Migrate the new database `name` and load the region into it (load_region also runs the analysis), its media
    written into `media`; the connection is left on the database it was on."""
    settings_dict = connection.settings_dict
    original = settings_dict["NAME"]
    connection.close()
    connection.close_pool()
    settings_dict["NAME"] = name
    try:
        with override_settings(MEDIA_ROOT=media):
            call_command("migrate", verbosity=0, interactive=False, run_syncdb=True)
            call_command("load_region", verbosity=0)
    finally:
        connection.close()
        connection.close_pool()
        settings_dict["NAME"] = original


@pytest.fixture(scope="session")
def region_checksum() -> str:
    """The checksum of what the region's template is built from (tests/dbtemplate.py)."""
    return dbtemplate.template_checksum()


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings, django_db_blocker, django_db_keepdb,
                                 region_checksum, media_root, request):
    """Point the test database's creation at the region's template (built first if missing), drop a kept test
    database cloned from another template (--reuse-db reuses only a current one), and copy the template's media
    into the session's media folder."""
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")

    def build(name: str, media: Path) -> None:
        if reporter:
            reporter.write_line(f"Building the test template {name} (migrate + load_region, once per change)")
        _region_build(name, media)

    with django_db_blocker.unblock():
        template = dbtemplate.template_ensure(connection, database=connection.settings_dict["NAME"],
                                                checksum=region_checksum, build=build)
        test_name = connection.creation._get_test_db_name()
        if django_db_keepdb and dbtemplate.session_database_stale(connection, name=test_name,
                                                                  checksum=region_checksum):
            dbtemplate.session_database_drop(connection, name=test_name)
    connection.settings_dict["TEST"]["TEMPLATE"] = template
    shutil.copytree(dbtemplate.template_media(template), media_root, dirs_exist_ok=True)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker, region_checksum):
    """The test database, a clone of the region's template: the region's real data, loaded before any test runs.
    No test commits to it (none is transactional), so the region is the same for every test."""
    with django_db_blocker.unblock():
        dbtemplate.session_database_mark(connection, checksum=region_checksum)


@pytest.fixture(autouse=True)
def uploads_inline(settings):
    """Upload jobs run in the request, synchronously (one test runs the real worker instead)."""
    settings.UPLOADS_INLINE = True


@pytest.fixture
def data_dir() -> Path:
    return DATA


@pytest.fixture
def scratch_layer(db) -> Layer:
    """An empty layer for ingest tests (rolled back with the test)."""
    return Layer.objects.create(slug="test-scratch", title_ru="Тестовый слой", title_en="Test layer",
                                hazard_type=HazardType.objects.get(code="flood"))


def _user(username, role, country=None):
    return user_set_role(username=username, role=role, country=country, password="pw-atlas-1")[0]


@pytest.fixture
def kaz_editor(db):
    return _user("kaz_editor", "editor", "KAZ")


@pytest.fixture
def kgz_editor(db):
    return _user("kgz_editor", "editor", "KGZ")


@pytest.fixture
def analyst(db):
    return _user("analyst", "analyst")


@pytest.fixture
def regional_admin(db):
    return _user("regional_admin", "admin")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def atlas_server(django_db_setup, django_db_blocker, media_root):
    """The real production server (gunicorn) on a loopback port, serving the session's test database with the
    region loaded. Data written inside a test's transaction is not visible to it."""
    port = _free_port()
    env = {**os.environ, "ATLAS_DB_NAME": connection.settings_dict["NAME"], "ATLAS_MEDIA_ROOT": str(media_root)}
    if os.environ.get("DATABASE_URL"):
        base, _, _ = os.environ["DATABASE_URL"].rpartition("/")
        env["DATABASE_URL"] = f"{base}/{connection.settings_dict['NAME']}"
    root = Path(__file__).resolve().parent.parent
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "atlas.wsgi", "--bind", f"127.0.0.1:{port}",
         "--workers", "2", "--threads", "4", "--graceful-timeout", "5", "--no-control-socket",
         "--log-level", "warning"],
        cwd=root, env=env,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 300  # a generous deadline: a loaded machine takes tens of seconds to start it
    while True:
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=2) as response:
                if response.status == 200:
                    break
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("the atlas server did not start") from None
            time.sleep(0.3)
    yield url
    server.terminate()
    server.wait(timeout=60)


def queued_analyses() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM procrastinate_jobs "
                       "WHERE task_name = 'recompute_analysis' AND status = 'todo' AND queue_name = 'analysis'")
        return cursor.fetchone()[0]


@pytest.fixture
def no_queued_analysis(db):
    """Start from an empty analysis queue (load_region queued one during the session set-up)."""
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM procrastinate_jobs WHERE task_name = 'recompute_analysis'")
    assert queued_analyses() == 0


@pytest.fixture
def canary(tmp_path):
    """A secret file only the hostile files (tests/data/uploads/hostile.py) name: (path, its unique content)."""
    secret = f"canary-{uuid.uuid4().hex}"
    path = tmp_path / "secret.csv"
    path.write_text(f"name,value\n{secret},1\n")
    return path, secret


@pytest.fixture
def loopback():
    """An HTTP server on loopback that records every request a hostile file makes GDAL send."""
    recorder = Recorder()
    yield recorder
    recorder.close()
