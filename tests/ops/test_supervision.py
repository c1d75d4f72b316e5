"""`make run` keeps its processes alive: scripts/run.sh restarts a worker that dies while the web server goes on
answering, and stops everything on TERM (issue 15).

run.sh runs the whole set-up first, against the cluster (or DATABASE_URL server) of this test run but a database
of its own, without the region's data (ATLAS_LOAD_REGION=0). The private cluster's database is kept between runs,
so only the first one migrates it."""

import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import psycopg
import pytest
from django.conf import settings

CHECKOUT = Path(__file__).resolve().parents[2]
DB_NAME = "atlas_supervision"

pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _database_env(env: dict) -> dict:
    """The same server as the tests, a database of our own (created when missing)."""
    db = settings.DATABASES["default"]
    params = {"host": db.get("HOST") or None, "port": db.get("PORT") or None, "user": db.get("USER") or None,
              "password": db.get("PASSWORD") or None}
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DB_NAME]).fetchone():
            conn.execute(f'CREATE DATABASE "{DB_NAME}"')
    if os.environ.get("DATABASE_URL"):
        env["DATABASE_URL"] = urlsplit(os.environ["DATABASE_URL"])._replace(path=f"/{DB_NAME}").geturl()
    else:
        env["ATLAS_STATE_DIR"] = str(settings.STATE_DIR)
        env["ATLAS_DB_NAME"] = DB_NAME
    return env


def _healthz(port: int) -> int:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as response:
            return response.status
    except (urllib.error.URLError, OSError):
        return 0


def _group_pids(pgid: int, pattern: str) -> set[int]:
    out = subprocess.run(["pgrep", "-g", str(pgid), "-f", pattern], capture_output=True, text=True).stdout
    return {int(pid) for pid in out.split()}


def _until(predicate, timeout: float, interval: float = 0.25):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if value := predicate():
            return value
        time.sleep(interval)
    return predicate()


def test_dead_worker_is_restarted_and_term_stops_everything(tmp_path):
    port = _free_port()
    env = _database_env(dict(os.environ, PORT=str(port), ATLAS_LOAD_REGION="0", WORKER_CONCURRENCY="2",
                             ATLAS_MEDIA_ROOT=str(tmp_path / "media")))
    log_path = tmp_path / "run.log"
    with log_path.open("w") as log:
        proc = subprocess.Popen([str(CHECKOUT / "scripts" / "run.sh")], cwd=CHECKOUT, env=env, stdout=log,
                                stderr=subprocess.STDOUT, start_new_session=True)
    pgid = proc.pid
    log_text = lambda: log_path.read_text(errors="replace")  # noqa: E731
    analysis = "procrastinate worker --name analysis"
    try:
        up = _until(lambda: _healthz(port) == 200 or proc.poll() is not None, timeout=240, interval=0.5)
        assert up and proc.poll() is None, f"run.sh did not serve /healthz:\n{log_text()}"
        assert _healthz(port) == 200, f"/healthz answered once, then not:\n{log_text()}"

        workers = _until(lambda: _group_pids(pgid, analysis), timeout=30)
        assert len(workers) == 1, f"expected one analysis worker, found {workers}:\n{log_text()}"
        # One worker per kind of job, so a long upload or analysis never holds up a notification; each runs
        # WORKER_CONCURRENCY jobs at once.
        for queues in ("uploads", "notifications,maintenance,default", "analysis"):
            pattern = f"procrastinate worker --name [a-z]+ --queues {queues} --concurrency 2$"
            found = _until(lambda pattern=pattern: _group_pids(pgid, pattern), timeout=30)
            assert len(found) == 1, f"expected one worker for {queues}, found {found}:\n{log_text()}"
        (dead,) = workers
        os.kill(dead, signal.SIGKILL)

        assert _healthz(port) == 200, "the web server must not go down with a worker"
        new = _until(lambda: _group_pids(pgid, analysis) - {dead}, timeout=15)
        assert new, f"no new analysis worker within 15 s:\n{log_text()}"
        assert "the worker for analysis" in log_text() and "killed by SIGKILL; restarting" in log_text()
        assert _healthz(port) == 200

        os.killpg(pgid, signal.SIGTERM)
        proc.wait(timeout=60)
        assert _until(lambda: not _group_pids(pgid, "."), timeout=10), "processes left after TERM"
    finally:
        if proc.poll() is None or _group_pids(pgid, "."):
            os.killpg(pgid, signal.SIGKILL)
            proc.wait(timeout=30)
        if os.environ.get("DATABASE_URL"):  # not our server: leave nothing behind
            db = settings.DATABASES["default"]
            with psycopg.connect(dbname="postgres", autocommit=True, host=db.get("HOST") or None,
                                 port=db.get("PORT") or None, user=db.get("USER") or None,
                                 password=db.get("PASSWORD") or None) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
