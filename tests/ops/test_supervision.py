"""`make run` keeps its processes alive: scripts/run.sh restarts a worker that dies while the web server goes on
answering (issue 15), and on TERM or Ctrl-C (SIGINT to its process group) every process it started is gone within
STOP_GRACE seconds, a worker stuck in a job included (issue 23).

run.sh runs the whole set-up first, against the cluster (or DATABASE_URL server) of this test run but a database
of its own, without the region's data (ATLAS_LOAD_REGION=0). The private cluster's database is kept between runs,
so only the first one migrates it."""

import os
import signal
import socket
import subprocess
import sys
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
STOP_GRACE = 10
ANALYSIS = "procrastinate worker --name analysis"

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


def _session_pids(sid: int) -> set[int]:
    """Every process of run.sh's session (it starts a new one): run.sh and all it started."""
    out = subprocess.run(["pgrep", "-s", str(sid)], capture_output=True, text=True).stdout
    return {int(pid) for pid in out.split()}


def _group_pids(pgid: int, pattern: str) -> set[int]:
    out = subprocess.run(["pgrep", "-g", str(pgid), "-f", pattern], capture_output=True, text=True).stdout
    return {int(pid) for pid in out.split()}


def _until(predicate, timeout: float, interval: float = 0.25):
    """Wait for `predicate()` to be true (polling every `interval`), at most `timeout` seconds; its last value."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if value := predicate():
            return value
        time.sleep(interval)
    return predicate()


class Run:
    """scripts/run.sh started in a session of its own, serving /healthz with its three workers."""

    def __init__(self, tmp_path: Path):
        self.port = _free_port()
        self.env = _database_env(dict(os.environ, PORT=str(self.port), ATLAS_LOAD_REGION="0",
                                      WORKER_CONCURRENCY="2", STOP_GRACE=str(STOP_GRACE),
                                      ATLAS_MEDIA_ROOT=str(tmp_path / "media")))
        self.log_path = tmp_path / "run.log"
        with self.log_path.open("w") as log:
            self.proc = subprocess.Popen([str(CHECKOUT / "scripts" / "run.sh")], cwd=CHECKOUT, env=self.env,
                                         stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        self.sid = self.proc.pid

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def workers(self, queues: str) -> set[int]:
        pattern = f"procrastinate worker --name [a-z]+ --queues {queues} --concurrency 2( |$)"
        return _group_pids(self.sid, pattern)

    def stopped_within(self, send) -> float:
        """Call `send()` (a signal), wait (generously) until every process of the session is gone; the seconds
        that took."""
        started = time.monotonic()
        send()
        self.proc.wait(timeout=120)
        _until(lambda: not _session_pids(self.sid), timeout=120)
        return time.monotonic() - started

    def close(self) -> None:
        if self.proc.poll() is None or _session_pids(self.sid):
            os.killpg(self.sid, signal.SIGKILL)
            self.proc.wait(timeout=30)


@pytest.fixture
def atlas_run(tmp_path):
    """run.sh serving /healthz, one worker per kind of job up; whatever it leaves is killed afterwards. The first
    run in a fresh checkout renders the label glyphs and collects static files: minutes on a loaded machine."""
    run = Run(tmp_path)
    try:
        up = _until(lambda: _healthz(run.port) == 200 or run.proc.poll() is not None, timeout=900, interval=0.5)
        assert up, f"run.sh did not serve /healthz:\n{run.log()}"
        assert run.proc.poll() is None, f"run.sh did not serve /healthz:\n{run.log()}"
        for queues in ("uploads", "notifications,maintenance,default", "analysis"):
            assert _until(lambda queues=queues: run.workers(queues), timeout=120), f"no {queues} worker:\n{run.log()}"
        yield run
    finally:
        run.close()
        if os.environ.get("DATABASE_URL"):  # not our server: leave nothing behind
            with _maintenance() as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')


def _maintenance(dbname: str = "postgres") -> psycopg.Connection:
    db = settings.DATABASES["default"]
    return psycopg.connect(dbname=dbname, autocommit=True, host=db.get("HOST") or None, port=db.get("PORT") or None,
                           user=db.get("USER") or None, password=db.get("PASSWORD") or None)


def test_a_dead_worker_is_restarted_and_term_to_run_sh_stops_every_process_within_the_grace_period(atlas_run):
    assert _healthz(atlas_run.port) == 200, f"/healthz answered once, then not:\n{atlas_run.log()}"
    # One worker per kind of job, so a long upload or analysis never holds up a notification; each runs
    # WORKER_CONCURRENCY jobs at once.
    for queues in ("uploads", "notifications,maintenance,default", "analysis"):
        assert len(atlas_run.workers(queues)) == 1, f"not one worker for {queues}:\n{atlas_run.log()}"
    (dead,) = _group_pids(atlas_run.sid, ANALYSIS)
    os.kill(dead, signal.SIGKILL)

    assert _healthz(atlas_run.port) == 200, "the web server must not go down with a worker"
    new = _until(lambda: _group_pids(atlas_run.sid, ANALYSIS) - {dead}, timeout=60)
    assert new, f"no new analysis worker within 60 s:\n{atlas_run.log()}"
    assert "the worker for analysis" in atlas_run.log()
    assert "killed by SIGKILL; restarting" in atlas_run.log()
    assert _healthz(atlas_run.port) == 200

    took = atlas_run.stopped_within(lambda: os.kill(atlas_run.sid, signal.SIGTERM))
    assert not _session_pids(atlas_run.sid), "processes left after TERM"
    assert took <= STOP_GRACE, f"stopping took {took:.1f} s:\n{atlas_run.log()}"


def _job_state(job_id: int) -> str:
    with _maintenance(DB_NAME) as conn:
        return conn.execute("SELECT status FROM procrastinate_jobs WHERE id = %s", [job_id]).fetchone()[0]


def test_ctrl_c_stops_every_process_within_the_grace_period_even_a_worker_stuck_in_a_job(atlas_run):
    defer = ("from hazards.tasks import recompute_analysis; "
             "print(recompute_analysis.configure(queueing_lock=None).defer())")
    with _maintenance(DB_NAME) as conn:
        conn.execute("DELETE FROM procrastinate_jobs WHERE task_name = 'recompute_analysis'")
    with _maintenance(DB_NAME) as blocker:
        blocker.autocommit = False
        blocker.execute("LOCK TABLE hazards_analysisrun IN ACCESS EXCLUSIVE MODE")  # the job's first read waits
        out = subprocess.run([sys.executable, "manage.py", "shell", "-c", defer], cwd=CHECKOUT, env=atlas_run.env,
                             capture_output=True, text=True, timeout=300, check=True).stdout
        job_id = int(out.split()[-1])
        assert _until(lambda: _job_state(job_id) == "doing", timeout=120), f"the job never ran:\n{atlas_run.log()}"

        took = atlas_run.stopped_within(lambda: os.killpg(atlas_run.sid, signal.SIGINT))
        blocker.rollback()
    assert not _session_pids(atlas_run.sid), "processes left after Ctrl-C"
    assert took <= STOP_GRACE, f"stopping took {took:.1f} s:\n{atlas_run.log()}"
    with _maintenance(DB_NAME) as conn:
        conn.execute("DELETE FROM procrastinate_jobs WHERE id = %s", [job_id])
