"""HTTP plumbing shared by the serving benchmarks: a keep-alive client, gunicorn started on this checkout, the
closed-loop load of N clients on a list of paths, percentiles, and the machine's load average (printed with
every figure: the machine is shared)."""

import http.client
import os
import random
import subprocess
import threading
import time
from contextlib import contextmanager

from _sidecar import ROOT, stop, wait_http


class Client:
    """One keep-alive HTTP connection; no gzip (the bare side has none either)."""

    def __init__(self, port, host="127.0.0.1"):
        self.host, self.port = host, port
        self.conn = http.client.HTTPConnection(host, port, timeout=120)

    def get(self, path, retry=True) -> tuple[int, bytes]:
        try:
            self.conn.request("GET", path)
            response = self.conn.getresponse()
            return response.status, response.read()
        except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
            if not retry:
                raise
            self.conn.close()  # the server closed an idle keep-alive connection: open a new one
            self.conn = http.client.HTTPConnection(self.host, self.port, timeout=120)
            return self.get(path, retry=False)


def load_average() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.1f} / {five:.1f} / {fifteen:.1f} on {os.cpu_count()} cores"


def percentile(values: list[float], q: float) -> float:
    """The q-quantile (0..1) of `values` (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def default_workers() -> int:
    return 2 * (os.cpu_count() or 1) + 1


@contextmanager
def gunicorn(port: int, workers: int, threads: int = 2):
    """The atlas's production server (gunicorn, atlas.wsgi) on 127.0.0.1:port, stopped on exit."""
    server = subprocess.Popen([str(ROOT / ".venv/bin/gunicorn"), "atlas.wsgi", "--bind", f"127.0.0.1:{port}",
                               "--workers", str(workers), "--threads", str(threads), "--no-control-socket",
                               "--log-level", "warning"], cwd=ROOT, start_new_session=True)
    try:
        wait_http(f"http://127.0.0.1:{port}/healthz", server)
        yield server
    finally:
        stop(server)


def load(port: int, paths: list[str], clients: int, seconds: float, ok=(200, 204)) -> dict:
    """`clients` threads, each on its own keep-alive connection, requesting random paths of `paths` one after
    another for `seconds`: req/s, p50 and p99 (ms), the number of requests and of errors (a status not in `ok`,
    or a broken connection)."""
    latencies, errors, lock = [], [0], threading.Lock()
    deadline = time.monotonic() + seconds

    def worker(seed):
        rng, client, mine, failed = random.Random(seed), Client(port), [], 0
        while time.monotonic() < deadline:
            started = time.perf_counter()
            try:
                status, _ = client.get(rng.choice(paths))
                good = status in ok
            except (OSError, http.client.HTTPException):
                client, good = Client(port), False
            mine.append(time.perf_counter() - started)
            failed += not good
        with lock:
            latencies.extend(mine)
            errors[0] += failed

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(clients)]
    begun = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - begun
    return {"rps": len(latencies) / elapsed, "p50": percentile(latencies, 0.5) * 1000,
            "p99": percentile(latencies, 0.99) * 1000, "n": len(latencies), "errors": errors[0]}


def load_line(name: str, result: dict) -> str:
    return (f"{name:<24}{result['rps']:8.1f} req/s   p50 {result['p50']:7.1f} ms   p99 {result['p99']:7.1f} ms   "
            f"{result['n']} requests, {result['errors']} errors")
