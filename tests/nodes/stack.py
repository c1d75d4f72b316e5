"""Two atlas nodes on loopback, for real: each its own PostgreSQL cluster (scripts/db.sh in a folder of its own), its
own gunicorn and its own procrastinate worker, each registered as a focal point of the other.

Fast to start: the session's test database (the region migrated and loaded, tests/dbtemplate.py) is dumped once
(pg_dump, ~1 s) and restored into the first node's cluster; that cluster is stopped and its folder copied for the
second, so the restore is done once. Everything is stopped by `Nodes.stop`, in reverse order."""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from tests.scale.stack import free_port, process_group_stop, until

CHECKOUT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
DB = "atlas"


def pg_program(name: str) -> str:
    """A PostgreSQL client program (pg_dump, pg_restore): Debian's wrapper, else the newest installed one."""
    found = shutil.which(name) or next(iter(sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"))[-1:]), None)
    if found is None:
        raise RuntimeError(f"{name} is not installed: scripts/bootstrap.sh installs PostgreSQL (run `make bootstrap`)")
    return str(found)


class Node:
    """One atlas: `iso3` is the country whose ministry runs it; its own state folder, cluster, server and worker."""

    def __init__(self, base: Path, name: str, iso3: str, *, signing: dict | None = None):
        self.name, self.iso3, self.folder = name, iso3, base / name
        self.folder.mkdir()
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.inbox = f"{self.url}/cap/inbox/"
        self.address = f"{iso3.lower()}-mchs"
        self.signing = signing or {}
        self.tokens: dict[str, str] = {}
        self.procs: dict[str, subprocess.Popen] = {}
        self.setting_up: subprocess.Popen | None = None

    def env(self, **extra) -> dict:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "ATLAS_"))}
        env.update(ATLAS_STATE_DIR=str(self.folder), ATLAS_DB_NAME=DB, ATLAS_PG_SHARED_BUFFERS="64MB",
                   ATLAS_MEDIA_ROOT=str(self.folder / "media"), ATLAS_PUBLIC_URL=self.url,
                   ATLAS_CAP_SENDER_DOMAIN=f"cap.{self.name}.example", ATLAS_CAP_SIGNING=json.dumps(self.signing),
                   ATLAS_NODE_COUNTRY=self.iso3,  # its operators' Acks in its own country's range (issue 27)
                   **extra)
        return env

    def run(self, *cmd, timeout=300, **extra) -> str:
        done = subprocess.run([str(c) for c in cmd], cwd=CHECKOUT, env=self.env(**extra), capture_output=True,
                              text=True, timeout=timeout)
        if done.returncode:
            raise RuntimeError(f"{self.name}: {' '.join(map(str, cmd))} failed:\n{done.stdout}\n{done.stderr}")
        return done.stdout

    def start(self, what: str, *cmd) -> None:
        with (self.folder / f"{what}.log").open("w") as log:
            self.procs[what] = subprocess.Popen([str(c) for c in cmd], cwd=CHECKOUT, env=self.env(), stdout=log,
                                                stderr=subprocess.STDOUT, start_new_session=True)

    def log(self, what: str) -> str:
        return (self.folder / f"{what}.log").read_text(errors="replace")[-4000:]

    def database(self) -> None:
        self.run(CHECKOUT / "scripts" / "db.sh", "start")

    def database_stop(self) -> None:
        self.run(CHECKOUT / "scripts" / "db.sh", "stop")

    def socket(self) -> str:
        return str(self.folder / "pg" / "run")

    def serve(self) -> None:
        """gunicorn and the worker of the `notifications` queue (the deliveries)."""
        self.start("gunicorn", BIN / "gunicorn", "atlas.wsgi", "--bind", f"127.0.0.1:{self.port}", "--workers", "1",
                   "--threads", "4", "--no-control-socket", "--log-level", "warning")
        self.start("worker", BIN / "python", "manage.py", "procrastinate", "worker", "--name", f"node-{self.name}",
                   "--queues", "notifications", "--concurrency", "1")

    def setup(self) -> None:
        """Start tests/nodes/setup_node.py inside this node; `tokens` reads the accounts' tokens it prints."""
        self.setting_up = subprocess.Popen(
            [str(BIN / "python"), "manage.py", "shell", "-c", "from tests.nodes import setup_node; setup_node.main()"],
            cwd=CHECKOUT, env=self.env(NODE_SETUP=json.dumps({"iso3": self.iso3})), stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    def _answer(self) -> dict:
        """The next JSON line the setup prints (start-up lines of other packages, e.g. django-axes's, skipped)."""
        for line in self.setting_up.stdout:
            if line.startswith("{"):
                return json.loads(line)
        raise RuntimeError(f"setting node {self.name} up failed:\n{self.setting_up.communicate()[1][-4000:]}")

    def accounts(self) -> None:
        self.tokens = self._answer()

    def register(self, peer: dict) -> None:
        """Give the running setup the peer's registration; wait for it to register the focal points."""
        self.setting_up.stdin.write(json.dumps(peer) + "\n")
        self.setting_up.stdin.flush()
        self._answer()
        self.setting_up.communicate(timeout=60)

    def healthy(self) -> bool:
        for what, proc in self.procs.items():
            if proc.poll() is not None:
                raise RuntimeError(f"{self.name}'s {what} exited:\n{self.log(what)}")
        try:
            with urllib.request.urlopen(f"{self.url}/healthz", timeout=5) as response:
                return response.status == 200
        except OSError:
            return False

    def stop(self) -> None:
        if self.setting_up is not None and self.setting_up.poll() is None:
            self.setting_up.kill()
            self.setting_up.communicate()
        for proc in reversed(list(self.procs.values())):
            process_group_stop(proc)
        self.database_stop()

    # --- using it -------------------------------------------------------------------------------------------
    def request(self, path: str, *, token: str, method: str = "GET", body: bytes | None = None,
                content_type: str = "application/json") -> tuple[int, bytes]:
        headers = {"Authorization": f"Token {token}", "Accept": "application/json"}
        if body is not None:
            headers["Content-Type"] = content_type
        request = urllib.request.Request(self.url + path, data=body, method=method, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()

    def api(self, path: str, *, method: str = "GET", payload: dict | None = None, expect: int = 200,
            token: str | None = None):
        """The decoded JSON of an API call as the node's duty officer (or `token`), which must answer `expect`."""
        body = json.dumps(payload).encode() if payload is not None else (b"" if method == "POST" else None)
        status, answer = self.request(path, token=token or self.tokens["duty"], method=method, body=body)
        assert status == expect, f"{self.name} {method} {path}: {status} {answer[:2000]!r}"
        return json.loads(answer)

    def received(self, message: dict, *, token: str | None = None) -> dict | None:
        """`message` (another node's, as its API shows it) as this node's inbox stored it, read through this node's
        API as its duty officer (or `token`); None while it has not arrived."""
        query = urllib.parse.urlencode({"state": "received", "incident": message["incidents"], "limit": 1000})
        found = self.api(f"/api/v1/alerts/?{query}", token=token)["results"]
        return next((stored for stored in found if stored["identifier"] == message["identifier"]), None)


class Nodes:
    """Node A (Kyrgyzstan's atlas) and node B (Kazakhstan's), each a focal point of the other. A signs what it pushes
    to B with its node key (`signing`: the pair's files), which B pins; B pushes unsigned."""

    def __init__(self, pair):
        # A short path: Unix socket paths hold at most 107 bytes. Readable by the server's user (postgres as root).
        self.base = Path(tempfile.mkdtemp(prefix="atlas-nodes-", dir="/tmp"))
        self.base.chmod(0o755)
        self.pair = pair
        self.a = Node(self.base, "a", "KGZ", signing={"NODE": pair.paths})
        self.b = Node(self.base, "b", "KAZ")
        self.started: list[Node] = []
        self.timings: dict[str, float] = {}  # seconds per phase of `start`
        self._clock = time.monotonic()

    def _phase(self, name: str) -> None:
        now = time.monotonic()
        self.timings[name], self._clock = round(now - self._clock, 1), now

    def start(self, source: dict, password: str = "") -> None:
        """Clusters from the session's database `source` (pg_dump's long options: host, port, username, dbname;
        `password` when it needs one, as under DATABASE_URL), then servers, workers, registrations."""
        self._clock = time.monotonic()
        self._clusters(source, password)
        for node in (self.a, self.b):
            node.setup()
            node.serve()
        for node in (self.a, self.b):
            node.accounts()
        self._phase("accounts")
        # Each node knows the CAP sender the other's system posts as (alerts.senders: a forged one is refused).
        self.a.register({"peer_iso3": "KAZ", "peer_inbox": self.b.inbox, "peer_token": self.b.tokens["peer"],
                         "peer_senders": [f"kaz@cap.{self.b.name}.example"], "signing_key": "NODE"})
        self.b.register({"peer_iso3": "KGZ", "peer_inbox": self.a.inbox, "peer_token": self.a.tokens["peer"],
                         "peer_senders": [f"kgz@cap.{self.a.name}.example"], "certificate": self.pair.cert_pem})
        self._phase("focal points")
        for node in (self.a, self.b):
            until(node.healthy, 120, what=f"node {node.name} to answer /healthz")
        self._phase("servers up")

    def _clusters(self, source: dict, password: str) -> None:
        dump = self.base / "region.dump"
        args = [f"--{key}={value}" for key, value in source.items() if value]
        env = {**os.environ, "PGPASSWORD": password} if password else None
        subprocess.run([pg_program("pg_dump"), *args, "-Fc", "-Z1", "-f", dump], check=True, timeout=300, env=env)
        self._phase("dump")
        self.started.append(self.a)
        self.a.database()
        self._phase("cluster A")
        subprocess.run([pg_program("pg_restore"), f"--host={self.a.socket()}", "--username=atlas", f"--dbname={DB}",
                        "--no-owner", "--jobs=2", dump], check=True, timeout=600)
        self._phase("restore")
        self.a.database_stop()
        shutil.copytree(self.a.folder / "pg", self.b.folder / "pg", symlinks=True, copy_function=shutil.copy2)
        self._own(self.b.folder / "pg")
        with (self.b.folder / "pg" / "data" / "postgresql.conf").open("a") as conf:
            conf.write(f"# --- node b: its own socket and logs\nunix_socket_directories = '{self.b.socket()}'\n"
                       f"log_directory = '{self.b.folder / 'pg' / 'log'}'\n")
        self.started.append(self.b)
        with ThreadPoolExecutor(2) as pool:
            list(pool.map(Node.database, (self.a, self.b)))
        self._phase("copy for B, start both")

    @staticmethod
    def _own(folder: Path) -> None:
        """As root the cluster belongs to postgres (scripts/db.sh): so does its copy."""
        if os.geteuid() == 0:
            subprocess.run(["chown", "-R", "postgres:postgres", str(folder)], check=True)

    def stop(self) -> None:
        while self.started:
            node = self.started.pop()
            try:
                node.stop()
            except Exception as exc:  # keep stopping the rest; report at the end of the session
                print(f"stopping node {node.name} failed: {exc}", file=sys.stderr)
        shutil.rmtree(self.base, ignore_errors=True)
