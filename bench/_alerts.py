"""What the early-warning benchmarks share (bench/alerts_reach.py, alerts_send.py, alerts_feed.py): statistics,
the recorder that replays Django's statements on a bare connection, interleaved timing against that anchor, an HTTP
client, the draft payload of the tests, and gunicorn on loopback. Set Django up (bench/_django.py) before importing
it; run alone, it does nothing."""

import http.client
import json
import math
import os
import statistics
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import _django
import psycopg
from django.db import connection

# The bench's duty officer: the send benchmark drafts and sends as it, the feed benchmark sends its template as it.
ISSUER = "bench_kgz_issuer"


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, math.ceil(q * len(ordered)) - 1)]


def stats(values: list[float]) -> tuple[float, float]:
    return statistics.median(values), percentile(values, 0.95)


class Recorder:
    """Capture the (sql, params) Django sends, to run the very same statements on a bare connection."""

    def __init__(self):
        self.statements = []

    def __call__(self, execute, sql, params, many, context):
        self.statements.append((sql, params))
        return execute(sql, params, many, context)


def captured(fn) -> list[tuple[str, object]]:
    recorder = Recorder()
    with connection.execute_wrapper(recorder):
        fn()
    return recorder.statements


def bare_connection() -> psycopg.Connection:
    """A plain psycopg connection to the Django database (the anchor every figure is measured against)."""
    return psycopg.connect(_django.pg_dsn(), autocommit=True)


def bare_run(bare: psycopg.Connection, statements) -> None:
    """The statements on a plain psycopg connection (client-side binding, as Django does), rows fetched."""
    with psycopg.ClientCursor(bare) as cursor:
        for sql, params in statements:
            cursor.execute(sql, params)
            cursor.fetchall()


def timed(fn) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def compare(name: str, served, bare, runs: int, unit="ms", scale=1000.0) -> tuple[list[float], list[float]]:
    """Interleaved runs of both (so both meet the same load), after one warm-up each; prints p50/p95 and ratio."""
    served(), bare()
    a, b = [], []
    for _ in range(runs):
        a.append(timed(served))
        b.append(timed(bare))
    (a50, a95), (b50, b95) = stats(a), stats(b)
    print(f"{name:<46}{a50 * scale:>9.1f}{a95 * scale:>9.1f}{b50 * scale:>9.1f}{b95 * scale:>9.1f}"
          f"{a50 / b50:>8.2f}  {unit}")
    return a, b


def header() -> None:
    print(f"{'part':<46}{'p50':>9}{'p95':>9}{'bare p50':>9}{'bare p95':>9}{'ratio':>8}")


def load_average(when: str) -> None:
    one, five, fifteen = os.getloadavg()
    print(f"load average {when}: {one:.2f} {five:.2f} {fifteen:.2f}" + (f" on {os.cpu_count()} cores"
                                                                        if when == "before" else ""))


class Http:
    def __init__(self, port: int, token: str | None = None):
        self.port, self.token = port, token
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)

    def call(self, method: str, path: str, payload=None, headers=None) -> tuple[int, bytes]:
        headers = dict(headers or {})
        if self.token:
            headers["Authorization"] = f"Token {self.token}"
        body = None
        if payload is not None:
            body, headers["Content-Type"] = json.dumps(payload).encode(), "application/json"
        for attempt in range(2):
            try:
                self.conn.request(method, path, body=body, headers=headers)
                response = self.conn.getresponse()
                return response.status, response.read()
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                if attempt:
                    raise
                self.conn.close()
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        raise AssertionError("unreachable")


def draft_payload() -> dict:
    """The tests' draft around Toktogul (tests.alerts.conftest.draft_payload)."""
    sys.path.insert(0, str(_django.ROOT))
    from tests.alerts.conftest import draft_payload as payload

    return payload()


@contextmanager
def gunicorn(port: int):
    """The atlas served by gunicorn (2 workers × 4 threads) on 127.0.0.1:`port` for the block; yields the
    environment it runs with (ATLAS_PUBLIC_URL pointing at it), for a worker started alongside."""
    env = {**os.environ, "ATLAS_PUBLIC_URL": f"http://127.0.0.1:{port}"}
    server = subprocess.Popen([str(Path(sys.executable).parent / "gunicorn"), "atlas.wsgi", "--bind",
                               f"127.0.0.1:{port}", "--workers", "2", "--threads", "4",
                               "--no-control-socket", "--log-level", "warning"], cwd=_django.ROOT, env=env)
    try:
        time.sleep(5)
        yield env
    finally:
        server.terminate()
        server.wait(timeout=60)
