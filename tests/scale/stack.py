"""The scale-out shape on one machine, started for real: a PostGIS primary made by scripts/db.sh (in a folder of
its own, so the test database of the session is not touched), its streaming replica (scripts/replica.sh),
PgBouncer in transaction mode in front of the primary, gunicorn running the atlas through PgBouncer with the
replica for serving reads, a procrastinate worker through PgBouncer (LISTEN direct), and nginx with
deploy/nginx.conf in front of gunicorn. Everything is stopped by `Stack.stop`, in reverse order."""

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import quote

import psycopg

CHECKOUT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
DB = "atlas_scale"
# nginx reaches gunicorn from this address, the one trusted proxy of the stack's atlas; test clients that play
# other machines connect from other loopback addresses (127.0.0.0/8 is all loopback on Linux).
NGINX_ADDRESS = "127.0.0.1"
# Debian's packages, installed by scripts/bootstrap.sh: missing means the set-up is broken, not a reason to skip.
PROGRAMS = {"pgbouncer": "pgbouncer", "nginx": "nginx-light", "pg_basebackup": "postgresql"}


def program(name: str) -> str:
    found = shutil.which(name) or next((str(p) for p in (Path("/usr/sbin") / name, Path("/usr/bin") / name)
                                        if p.exists()), None)
    if found is None and name == "pg_basebackup":
        found = next((str(p) for p in sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_basebackup"))), None)
    if found is None:
        raise RuntimeError(f"{name} is not installed: scripts/bootstrap.sh installs the Debian package "
                           f"{PROGRAMS[name]} (run `make bootstrap`, or apt-get install -y {PROGRAMS[name]})")
    return found


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def until(predicate, timeout: float, interval: float = 0.2, what: str = "a condition"):
    """predicate()'s first truthy value, polling; RuntimeError naming `what` after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise RuntimeError(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(interval)


def socket_url(folder: Path, *, query: str = "") -> str:
    return f"postgis://atlas@{quote(str(folder), safe='')}/{DB}{query}"


def process_group_stop(proc: subprocess.Popen) -> None:
    """Stop a server started in a session of its own: its whole process group (gunicorn's or uvicorn's workers
    too), SIGTERM, then SIGKILL after 30 s."""
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=30)


class Stack:
    def __init__(self):
        # A short path: Unix socket paths hold at most 107 bytes. Readable by the server's user (postgres as root).
        self.base = Path(tempfile.mkdtemp(prefix="atlas-scale-", dir="/tmp"))
        self.base.chmod(0o755)
        self.root = os.geteuid() == 0
        self.password = secrets.token_urlsafe(16)
        self._stops = []
        self.procs = {}
        self.logs = {}

    # --- plumbing -------------------------------------------------------------------------------------------
    def env(self, **extra) -> dict:
        env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DATABASE_REPLICA_URL")}
        env.update(ATLAS_STATE_DIR=str(self.base), ATLAS_DB_NAME=DB, ATLAS_PG_SHARED_BUFFERS="64MB",
                   ATLAS_MEDIA_ROOT=str(self.base / "media"), ATLAS_UPLOADS_INLINE="false", **extra)
        return env

    def run(self, *cmd, env=None, timeout=300) -> str:
        done = subprocess.run([str(c) for c in cmd], cwd=CHECKOUT, env=env or self.env(), capture_output=True,
                              text=True, timeout=timeout)
        if done.returncode:
            raise RuntimeError(f"{' '.join(map(str, cmd))} failed:\n{done.stdout}\n{done.stderr}")
        return done.stdout

    def start(self, name: str, *cmd, env=None, as_postgres=False):
        log = self.base / f"{name}.log"
        prefix = ["runuser", "-u", "postgres", "--"] if as_postgres and self.root else []
        with log.open("w") as out:
            proc = subprocess.Popen([*prefix, *map(str, cmd)], cwd=CHECKOUT, env=env or self.env(), stdout=out,
                                    stderr=subprocess.STDOUT, start_new_session=True)
        self.procs[name], self.logs[name] = proc, log
        self._stops.append(lambda: process_group_stop(proc))
        return proc

    def log(self, name: str) -> str:
        return self.logs[name].read_text(errors="replace")[-4000:]

    def alive(self, name: str) -> None:
        if self.procs[name].poll() is not None:
            raise RuntimeError(f"{name} exited:\n{self.log(name)}")

    def stop(self):
        while self._stops:
            stop = self._stops.pop()
            try:
                stop()
            except Exception as exc:  # keep stopping the rest; report at the end of the session
                print(f"stopping failed: {exc}", file=sys.stderr)
        shutil.rmtree(self.base, ignore_errors=True)

    # --- the parts ------------------------------------------------------------------------------------------
    def databases(self):
        """The primary (scripts/db.sh), migrated and seeded, then its replica (scripts/replica.sh)."""
        self._stops.append(lambda: self.run(CHECKOUT / "scripts" / "db.sh", "stop"))
        self.run(CHECKOUT / "scripts" / "db.sh", "start")
        self.run(BIN / "python", "manage.py", "migrate", "--no-input", "-v", "0", timeout=600)
        self.run(BIN / "python", "manage.py", "shell", "-c",
                 "from hazards.models import HazardType\n"
                 "HazardType.objects.get_or_create(code='flood', defaults={'name_ru': 'Наводнения', "
                 "'name_en': 'Floods'})")
        self.token = self.run(BIN / "python", "manage.py", "atlas_user", "scale_admin", "--role", "admin",
                              "--token").strip()
        self._stops.append(lambda: self.run(CHECKOUT / "scripts" / "replica.sh", "stop"))
        self.run(CHECKOUT / "scripts" / "replica.sh", "start")
        self.primary_dsn = {"host": str(self.base / "pg" / "run"), "user": "atlas", "dbname": DB}
        self.replica_dsn = {"host": str(self.base / "replica" / "run"), "user": "atlas", "dbname": DB}

    def pgbouncer(self):
        folder = self.base / "pgbouncer"
        folder.mkdir()
        self.pgbouncer_port = free_port()
        (folder / "userlist.txt").write_text(f'"atlas" "{self.password}"\n')
        (folder / "pgbouncer.ini").write_text(f"""[databases]
{DB} = host={self.base / "pg" / "run"} dbname={DB} user=atlas
{DB}_single = host={self.base / "pg" / "run"} dbname={DB} user=atlas pool_size=1

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = {self.pgbouncer_port}
unix_socket_dir = {folder}
auth_type = scram-sha-256
auth_file = {folder / "userlist.txt"}
admin_users = atlas
pool_mode = transaction
default_pool_size = 3
max_client_conn = 200
ignore_startup_parameters = extra_float_digits
logfile = {folder / "pgbouncer.log"}
""")
        if self.root:
            shutil.chown(folder, "postgres", "postgres")
            for f in folder.iterdir():
                shutil.chown(f, "postgres", "postgres")
        self.start("pgbouncer", program("pgbouncer"), folder / "pgbouncer.ini", as_postgres=True)
        until(lambda: self._pgbouncer_up(), 30, what="PgBouncer to accept connections")

    def _pgbouncer_up(self) -> bool:
        self.alive("pgbouncer")
        try:
            with self.bouncer_connect():
                return True
        except psycopg.OperationalError:
            return False

    def bouncer_connect(self, dbname: str = DB, *, prepare_threshold=None, **kwargs) -> psycopg.Connection:
        return psycopg.connect(host="127.0.0.1", port=self.pgbouncer_port, user="atlas", password=self.password,
                               dbname=dbname, autocommit=True, connect_timeout=5, prepare_threshold=prepare_threshold,
                               **kwargs)

    def app_env(self, application_name: str) -> dict:
        """The atlas through PgBouncer (transaction mode), the replica for serving reads, LISTEN direct."""
        bouncer = (f"postgis://atlas:{self.password}@127.0.0.1:{self.pgbouncer_port}/{DB}"
                   f"?application_name={application_name}")
        return self.env(DATABASE_URL=bouncer, ATLAS_DB_TRANSACTION_POOLER="true", ATLAS_TRUSTED_PROXIES=NGINX_ADDRESS,
                        DATABASE_DIRECT_URL=socket_url(self.base / "pg" / "run"),
                        DATABASE_REPLICA_URL=socket_url(self.base / "replica" / "run",
                                                        query="?application_name=atlas-replica-reads"))

    def gunicorn(self):
        self.app_port = free_port()
        self.app_url = f"http://127.0.0.1:{self.app_port}"
        self.start("gunicorn", BIN / "gunicorn", "atlas.wsgi", "--bind", f"127.0.0.1:{self.app_port}",
                   "--workers", "2", "--threads", "4", "--no-control-socket", "--log-level", "warning",
                   env=self.app_env("atlas-web"))
        until(lambda: self._healthy(self.app_url, "gunicorn"), 90, what="gunicorn to answer /healthz")

    def worker(self):
        self.start("worker", BIN / "python", "manage.py", "procrastinate", "worker", "--name", "uploads",
                   "--queues", "uploads,notifications,default", "--concurrency", "1",
                   env=self.app_env("atlas-worker"))

    def nginx(self):
        """nginx with deploy/nginx.conf; the cache key asked every time unless ATLAS_KEY_SECONDS is set."""
        prefix = self.base / "nginx"
        for sub in ("tmp", "cache", "keys"):
            (prefix / sub).mkdir(parents=True)
        self.nginx_port = free_port()
        self.nginx_url = f"http://127.0.0.1:{self.nginx_port}"
        conf = (CHECKOUT / "deploy" / "nginx.conf").read_text()
        for token, value in {"__ATLAS_UPSTREAM__": f"127.0.0.1:{self.app_port}",
                             "__ATLAS_LISTEN__": f"127.0.0.1:{self.nginx_port}", "__ATLAS_PREFIX__": str(prefix),
                             "__ATLAS_USER__": "root" if self.root else os.environ.get("USER", "nobody"),
                             "__ATLAS_KEY_SECONDS__": os.environ.get("ATLAS_KEY_SECONDS", "0")}.items():
            conf = conf.replace(token, value)
        left = [line for line in conf.splitlines() if "__ATLAS_" in line and not line.lstrip().startswith("#")]
        assert not left, f"deploy/nginx.conf has tokens the test does not render: {left}"
        (prefix / "nginx.conf").write_text(conf)
        nginx = program("nginx")
        self.run(nginx, "-t", "-p", prefix, "-c", prefix / "nginx.conf", "-e", prefix / "error.log")
        self.start("nginx", nginx, "-p", prefix, "-c", prefix / "nginx.conf", "-e", prefix / "error.log",
                   "-g", "daemon off;")
        until(lambda: self._healthy(self.nginx_url, "nginx"), 30, what="nginx to answer /healthz")

    def _healthy(self, url: str, name: str) -> bool:
        self.alive(name)
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=5) as response:
                return response.status == 200
        except (urllib.error.URLError, OSError):
            return False

    # --- using it -------------------------------------------------------------------------------------------
    def primary(self) -> psycopg.Connection:
        return psycopg.connect(autocommit=True, **self.primary_dsn)

    def replica(self) -> psycopg.Connection:
        return psycopg.connect(autocommit=True, **self.replica_dsn)

    def wait_replayed(self, timeout: float = 60) -> str:
        """Wait until the replica has replayed everything the primary had written when called; its LSN."""
        with self.primary() as conn:
            lsn = conn.execute("SELECT pg_current_wal_lsn()::text").fetchone()[0]
        with self.replica() as conn:
            until(lambda: conn.execute("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [lsn]).fetchone()[0],
                  timeout, what=f"the replica to replay {lsn}")
        return lsn

    def upload(self, geojson: dict, *, slug: str, new_layer: bool, base: str | None = None,
               access: str = "public") -> dict:
        """Upload `geojson` (a new layer `slug`, or a new version of it) with publish=true; wait for the worker
        to publish it; the upload's final status."""
        boundary = secrets.token_hex(8)
        fields = {"publish": "true"}
        if new_layer:
            fields |= {"slug": slug, "title_ru": "Проверка масштабирования", "hazard_type": "flood",
                       "licence": "CC-BY-4.0", "access": access}
        body = b"".join(f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
                        for k, v in fields.items())
        body += (f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{slug}.geojson"\r\n'
                 f"Content-Type: application/geo+json\r\n\r\n").encode()
        body += json.dumps(geojson).encode() + f"\r\n--{boundary}--\r\n".encode()
        path = "/api/v1/layers/" if new_layer else f"/api/v1/layers/{slug}/versions/"
        status, _, answer = self.request(path, base=base, method="POST", data=body,
                                         headers={"Content-Type": f"multipart/form-data; boundary={boundary}"})
        assert status == 202, answer
        url = json.loads(answer)["url"]
        path = "/" + url.split("/", 3)[3]
        final = until(lambda: self._finished(path, base), 120, interval=0.3,
                      what=f"the worker to process the upload {path}:\n{self.log('worker')}")
        assert final["status"] == "published", final
        return final

    def _finished(self, path: str, base: str | None) -> dict | None:
        status, _, body = self.request(path, base=base)
        upload = json.loads(body)
        return upload if upload["status"] in ("published", "failed", "ready") else None

    def request(self, path: str, *, base: str | None = None, method: str = "GET", data: bytes | None = None,
                headers: dict | None = None, token: bool = True) -> tuple[int, dict, bytes]:
        """(status, headers, body) of one request to gunicorn (or `base`); the API token unless token=False."""
        headers = dict(headers or {})
        if token:
            headers["Authorization"] = f"Token {self.token}"
        req = urllib.request.Request((base or self.app_url) + path, data=data, method=method, headers=headers)
        try:
            with urllib.request.urlopen(req, timeout=60) as response:
                return response.status, dict(response.headers), response.read()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read()
