"""An upload survives a restart of PostgreSQL in the middle of its load: a real worker (`manage.py procrastinate
worker`) on a throw-away cluster of its own (scripts/db.sh in a temporary folder: the session's shared cluster is
never restarted), the cluster restarted (`pg_ctl restart -m fast`) once the load is under way, and the upload ends
published by a retry, with one version holding every feature — nothing half-loaded, nothing stuck.

procrastinate's worker stops when its LISTEN connection dies (after recording the job's retry); scripts/run.sh
starts a stopped worker again after a back-off, and so does this test (`_supervise`), as deployed."""

import json
import os
import shutil
import subprocess
from pathlib import Path

import psycopg
import pytest

from tests.scale.stack import BIN, CHECKOUT, DB, Stack, until

pytestmark = pytest.mark.slow
FEATURES = 150_000
ENQUEUE = """
from django.core.files import File
from hazards.models import HazardType
from hazards.services.users import user_set_role
from ingest.uploads import upload_enqueue, upload_store
HazardType.objects.get_or_create(code="flood", defaults={"name_ru": "Наводнения", "name_en": "Floods"})
user = user_set_role(username="restart-admin", role="admin")[0]
metadata = {"title_ru": "Точки", "title_en": "Restart points", "hazard_type": "flood", "country": None,
            "licence": "CC0"}
with open(PATH, "rb") as handle:
    upload = upload_store(uploaded=File(handle, name="points.geojson"), user=user, layer=None,
                          options={"publish": True}, layer_metadata=metadata)
upload_enqueue(upload)
print(upload.pk)
"""


@pytest.fixture(scope="module")
def cluster():
    """A PostGIS cluster of its own, migrated; stopped and removed afterwards."""
    stack = Stack()
    env = stack.env(ATLAS_JOB_DB_RETRY_SECONDS="1")
    stack._stops.append(lambda: stack.run(CHECKOUT / "scripts" / "db.sh", "stop", env=env))
    try:
        stack.run(CHECKOUT / "scripts" / "db.sh", "start", env=env)
        stack.run(BIN / "python", "manage.py", "migrate", "--no-input", "-v", "0", env=env, timeout=900)
        stack.env_used = env
        yield stack
    finally:
        stack.stop()


def _points(path: Path) -> Path:
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [70 + (i % 500) / 100, 39 + (i // 500) / 100]},
         "properties": {"n": i, "name": f"точка {i}"}} for i in range(FEATURES)]}))
    return path


def _restart(stack: Stack) -> None:
    home = Path(os.path.realpath(stack.base / "pg"))
    pg_ctl = shutil.which("pg_ctl") or str(sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"))[-1])
    prefix = ["runuser", "-u", "postgres", "--"] if stack.root else []
    # -l: the restarted server writes to its log, not to a pipe of ours that it would keep open
    subprocess.run([*prefix, pg_ctl, "-D", str(home / "data"), "-l", str(home / "log" / "restart.log"), "restart",
                    "-m", "fast", "-w", "-t", "60"], cwd="/", check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL, timeout=120)


def _supervise(stack: Stack) -> None:
    """Start the worker, and start it again once it has stopped (what scripts/run.sh does, with a back-off)."""
    worker = stack.procs.get("worker")
    if worker is None or worker.poll() is not None:
        stack.start("worker", BIN / "python", "manage.py", "procrastinate", "worker", "--queues", "uploads",
                    "--concurrency", "1", env=stack.env_used)


def _query(stack: Stack, sql: str, params=()):
    """One query on the throw-away cluster, None while it is restarting."""
    try:
        with psycopg.connect(host=str(stack.base / "pg" / "run"), user="atlas", dbname=DB, connect_timeout=3) as conn:
            return conn.execute(sql, params).fetchall()
    except psycopg.OperationalError:
        return None


@pytest.fixture(scope="module")
def restarted(cluster, tmp_path_factory):
    """The upload's row once it ended after a restart during its load, and what the cluster holds then."""
    path = _points(tmp_path_factory.mktemp("restart") / "points.geojson")
    upload_id = cluster.run(BIN / "python", "manage.py", "shell", "-c", ENQUEUE.replace("PATH", repr(str(path))),
                            env=cluster.env_used).strip().splitlines()[-1]
    _supervise(cluster)
    status = "SELECT status, stage, progress, errors FROM ingest_upload WHERE id = %s"
    until(lambda: (_query(cluster, status, [upload_id]) or [("", "", 0, [])])[0][1] in ("reading", "checking "
          "countries and levels"), 300, 0.05, what="the upload's load to be under way")
    _restart(cluster)
    ended = until(lambda: _supervise(cluster) or next((row for row in _query(cluster, status, [upload_id]) or []
                                                       if row[0] in ("published", "failed")), None),
                  600, 0.5, what="the upload to end")
    return {
        "upload": ended,
        "attempts": _query(cluster, "SELECT attempts FROM procrastinate_jobs WHERE task_name = 'process_upload'"),
        "versions": _query(cluster, "SELECT v.status, v.feature_count FROM hazards_layerversion v"),
        "layers": _query(cluster, "SELECT count(*) FROM hazards_layer"),
        "features": _query(cluster, "SELECT count(*) FROM hazards_feature"),
    }


def test_an_upload_interrupted_by_a_database_restart_is_retried_and_published(restarted):
    assert restarted["upload"][0] == "published", restarted["upload"]
    assert restarted["attempts"][0][0] >= 1  # it was retried


def test_the_retried_upload_leaves_one_whole_version(restarted):
    assert restarted["layers"] == [(1,)]
    assert restarted["versions"] == [("published", FEATURES)]
    assert restarted["features"] == [(FEATURES,)]
