"""Early-warning benchmark (issue 11): reach of a big alert area, send → the neighbour's webhook with the real
worker, and the regional Atom feed with 1,000 alerts — each against the bare SQL measured in the same run.

    .venv/bin/python bench/alerts.py [--runs 40] [--alerts 100] [--feed 1000] [--port 8766]

Needs the region loaded (make run once). The sending part registers focal points `bench-*` with webhooks on a
loopback receiver, starts gunicorn and a procrastinate worker (queue notifications), and removes what it sent
afterwards; the feed part keeps its 1,000 in-force alerts (copies of one real message, note `bench-feed`) for later
runs. Run on request; never part of the test suite."""

import argparse
import http.client
import json
import logging
import math
import os
import re
import statistics
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import _django

_django.setup()

import psycopg
from django.contrib.gis.geos import MultiPolygon, Polygon
from django.db import connection
from django.db.models import Q

from alerts.feeds import feed_atom
from alerts.models import Alert, FocalPoint
from alerts.reach import reach_compute
from alerts.selectors import public_feed_alerts
from hazards.models import Country, HazardType
from hazards.services.users import user_set_role

NEIGHBOURS = ("KAZ", "TJK", "UZB")


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, math.ceil(q * len(ordered)) - 1)]


def stats(values: list[float]) -> tuple[float, float]:
    return statistics.median(values), percentile(values, 0.95)


def fergana(vertices: int = 2000) -> MultiPolygon:
    """A star-shaped (so simple) ring of `vertices` vertices over the Fergana valley: about 70.6–73.2 E,
    40.3–41.2 N, with a wavy edge like a drawn outline."""
    ring = []
    for i in range(vertices):
        t = 2 * math.pi * i / vertices
        r = 1 + 0.06 * math.sin(7 * t) + 0.03 * math.sin(23 * t) + 0.01 * math.sin(131 * t)
        ring.append((71.9 + 1.3 * r * math.cos(t), 40.75 + 0.45 * r * math.sin(t)))
    ring.append(ring[0])
    return MultiPolygon(Polygon(ring), srid=4326)


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


# --- 1. reach -------------------------------------------------------------------------------------------------

def bench_reach(bare: psycopg.Connection, runs: int) -> None:
    area = fergana()
    km = HazardType.objects.get(code="flood").influence_km
    statements = captured(lambda: reach_compute(area, km))
    reach = reach_compute(area, km)
    print(f"reach of a {area.num_points}-point polygon over the Fergana valley, flood ({km:g} km): "
          f"{len(statements)} statements; touches {reach['countries']}, {len(reach['admin_areas'])} admin areas, "
          f"influence {reach['influence_countries']}, downstream {sorted(reach['downstream'])}, "
          f"exposed {sum(v['population'] for v in reach['exposed'].values()):,} people")
    header()
    compare("reach_compute vs its SQL on bare psycopg", lambda: reach_compute(area, km),
            lambda: bare_run(bare, statements), runs)
    for sql, params in statements:  # which statement costs what (bare)
        times = [timed(lambda s=sql, p=params: bare_run(bare, [(s, p)])) for _ in range(max(5, runs // 4))]
        first = " ".join(sql.split())[:90]
        print(f"    {statistics.median(times) * 1000:>8.1f} ms  {first}…")


# --- 2. send → webhook ----------------------------------------------------------------------------------------

class Receiver:
    """Webhook endpoints /<key> on loopback; records when each message (by its CAP identifier) arrived."""

    IDENTIFIER = re.compile(rb"<identifier>([^<]+)</identifier>")

    def __init__(self):
        self.arrived, self.cond = {}, threading.Condition()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                at = time.perf_counter()
                self.send_response(204)
                self.end_headers()
                identifier = receiver.IDENTIFIER.search(body).group(1).decode()
                with receiver.cond:
                    receiver.arrived[(self.path.strip("/"), identifier)] = at
                    receiver.cond.notify_all()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def wait(self, key: str, identifier: str, timeout=120) -> float:
        with self.cond:
            if not self.cond.wait_for(lambda: (key, identifier) in self.arrived, timeout):
                raise RuntimeError(f"{identifier} did not reach {key} within {timeout} s")
            return self.arrived[(key, identifier)]


def _register(receiver: Receiver) -> str:
    """The bench's duty officer (its API token) and focal points (the centre and the neighbours downstream)."""
    from rest_framework.authtoken.models import Token

    issuer = user_set_role(username="bench_kgz_issuer", role="issuer", country="KGZ")[0]
    for key in ("centre", *NEIGHBOURS):
        FocalPoint.objects.update_or_create(address=f"bench-{key.lower()}", defaults={
            "country": None if key == "centre" else Country.objects.get(iso3=key),
            "is_regional_centre": key == "centre", "duty_unit": f"bench {key}",
            "webhook_url": f"{receiver.url}/{key.lower()}", "emails": [f"duty@{key.lower()}.bench.example"],
            "languages": ["ru"], "active": True})
    return Token.objects.get_or_create(user=issuer)[0].key


def _cleanup_sent() -> None:
    points = FocalPoint.objects.filter(address__startswith="bench-")
    Alert.objects.filter(Q(issuer__username="bench_kgz_issuer") & ~Q(note="bench-feed")).delete()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM procrastinate_jobs WHERE task_name = 'deliver_notification' "
                       "AND status IN ('succeeded', 'failed', 'todo')")
    points.delete()


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


def _draft_payload() -> dict:
    sys.path.insert(0, str(_django.ROOT))
    from tests.alerts.conftest import draft_payload

    return draft_payload()


class Mailbox:
    """aiosmtpd's handler: counts the e-mails (the worker sends one per focal point besides each webhook)."""

    received = 0

    async def handle_DATA(self, server, session, envelope):
        self.received += 1
        return "250 OK"


def bench_send(port: int, count: int, worker_env: dict) -> None:
    from aiosmtpd.controller import Controller

    logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd logs every SMTP command at INFO
    receiver, mailbox = Receiver(), Mailbox()
    smtp = Controller(mailbox, hostname="127.0.0.1", port=port + 1)
    smtp.start()
    _cleanup_sent()
    token = _register(receiver)
    worker = subprocess.Popen([sys.executable, "manage.py", "procrastinate", "worker", "--name", "bench",
                               "--queues", "notifications,maintenance,default"], cwd=_django.ROOT,
                              env={**worker_env, "ATLAS_SMTP_HOST": "127.0.0.1", "ATLAS_SMTP_PORT": str(port + 1)})
    try:
        time.sleep(5)  # the worker imports Django and starts listening
        api = Http(port, token)
        total, request, queued = [], [], []
        for i in range(count + 1):
            status, body = api.call("POST", "/api/v1/alerts/", _draft_payload())
            assert status == 201, body
            started = time.perf_counter()
            status, body = api.call("POST", f"/api/v1/alerts/{json.loads(body)['id']}/send/")
            answered = time.perf_counter()
            assert status == 201, body
            regional = json.loads(body)["regional"]
            assert "bench-uzb" in regional["addresses"].split(), regional["addresses"]
            arrived = receiver.wait("uzb", regional["identifier"])
            if i:  # the first one warms the server and the worker up
                total.append(arrived - started)
                request.append(answered - started)
                queued.append(arrived - answered)
        print(f"send → UZB webhook, {count} alerts one after another (gunicorn + worker, concurrency 1; 4 focal "
              f"points with a webhook and an e-mail each: {mailbox.received} e-mails received):")
        for name, values in (("POST …/send/ answered", request), ("answer → webhook received", queued),
                             ("send → webhook received (total)", total)):
            p50, p95 = stats(values)
            print(f"    {name:<40}p50 {p50 * 1000:>8.0f} ms   p95 {p95 * 1000:>8.0f} ms   "
                  f"max {max(values) * 1000:>8.0f} ms")
    finally:
        worker.terminate()
        worker.wait(timeout=60)
        receiver.server.shutdown()
        smtp.stop()
        _cleanup_sent()


# --- 3. the regional feed -------------------------------------------------------------------------------------

COPY = """
WITH template AS (SELECT * FROM alerts_alert WHERE id = %(template)s),
made AS (
    INSERT INTO alerts_alert (identifier, sender, sent, status, msg_type, scope, restriction, addresses, "references",
        incidents, code, note, source_country_id, hazard_type_id, issuer_id, state, track, unknown_references,
        expires, xml, sha256, created_at)
    SELECT n.id, t.sender, t.sent - make_interval(mins => n.i), t.status, t.msg_type, t.scope, t.restriction,
        t.addresses, t."references", n.id, t.code, 'bench-feed', t.source_country_id, t.hazard_type_id, t.issuer_id,
        t.state, t.track, t.unknown_references, t.expires, n.xml, encode(sha256(n.xml), 'hex'),
        now()
    FROM template t, LATERAL (
        SELECT s.i, s.id, convert_to(replace(convert_from(t.xml, 'UTF8'), t.identifier, s.id), 'UTF8') AS xml
        FROM (SELECT i, regexp_replace(t.identifier, '[0-9]+$', '') || nextval('alerts_cap_serial') AS id
              FROM generate_series(1, %(count)s) AS i) s
    ) n
    RETURNING id)
INSERT INTO alerts_alertinfo (alert_id, language, category, event, urgency, severity, certainty, onset, effective,
    expires, sender_name, headline, description, instruction, web, event_code, parameters)
SELECT m.id, i.language, i.category, i.event, i.urgency, i.severity, i.certainty, i.onset, i.effective,
    i.expires, i.sender_name, i.headline, i.description, i.instruction, i.web, i.event_code,
    i.parameters
FROM made m, alerts_alertinfo i WHERE i.alert_id = %(template)s"""


def feed_alerts(count: int, port: int) -> int:
    """Make `count` sent, in-force, Actual Public national alerts: copies of one real message (they expire with
    it, six hours after it was sent; expired ones are replaced)."""
    stale = Alert.objects.filter(note="bench-feed").exclude(pk__in=public_feed_alerts().values("pk"))
    stale.delete()
    present = public_feed_alerts().count()
    if present >= count:
        return present
    from rest_framework.authtoken.models import Token

    issuer = user_set_role(username="bench_kgz_issuer", role="issuer", country="KGZ")[0]
    centre = FocalPoint.objects.get_or_create(address="bench-feed-centre", defaults={
        "is_regional_centre": True, "duty_unit": "bench feed centre"})[0]  # sending needs one; no channels
    api = Http(port, Token.objects.get_or_create(user=issuer)[0].key)
    status, body = api.call("POST", "/api/v1/alerts/", _draft_payload())
    status, body = api.call("POST", f"/api/v1/alerts/{json.loads(body)['id']}/send/")
    assert status == 201, body
    template = json.loads(body)["national"]["id"]
    Alert.objects.filter(pk=template).update(note="bench-feed")
    Alert.objects.filter(issuer=issuer).exclude(note="bench-feed").delete()
    centre.delete()
    with connection.cursor() as cursor:
        cursor.execute(COPY, {"template": template, "count": count - present - 1})
        cursor.execute("ANALYZE alerts_alert")
        cursor.execute("ANALYZE alerts_alertinfo")
    return public_feed_alerts().count()


def bench_feed(bare: psycopg.Connection, port: int, count: int, runs: int) -> None:
    in_feed = feed_alerts(count, port)
    client = Http(port)
    status, body = client.call("GET", "/cap/feed.atom")
    assert status == 200, status
    # The view's statements: the feed's alerts, then the infos of the entries it writes (alerts.feeds).
    statements = captured(lambda: feed_atom(alerts=list(public_feed_alerts()), title="t", self_url="http://x/",
                                            alert_url=lambda alert: "http://x/"))
    print(f"regional feed /cap/feed.atom: {Alert.objects.count()} alerts in the database, {in_feed} in the feed's "
          f"query, {body.count(b'<entry>')} entries written, {len(body) / 1024:.0f} KB; {len(statements)} statements")
    header()

    def served():
        status, _ = client.call("GET", "/cap/feed.atom")
        assert status == 200, status

    compare("GET /cap/feed.atom (gunicorn) vs its SQL", served, lambda: bare_run(bare, statements), runs)
    in_process(bare, statements, runs)


def in_process(bare: psycopg.Connection, statements, runs: int) -> None:
    """The same request through Django's test client in this process: wall time and this process's CPU time
    (the part of the work a busy machine cannot inflate), against the bare SQL's wall time."""
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    walls, cpus, bares = [], [], []
    for _ in range(runs + 2):
        wall, cpu = time.perf_counter(), time.process_time()
        assert client.get("/cap/feed.atom").status_code == 200
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
        bares.append(timed(lambda: bare_run(bare, statements)))
    (w50, w95), (c50, c95), (b50, b95) = stats(walls[2:]), stats(cpus[2:]), stats(bares[2:])
    print(f"{'same, Django test client: wall':<46}{w50 * 1000:>9.1f}{w95 * 1000:>9.1f}{b50 * 1000:>9.1f}"
          f"{b95 * 1000:>9.1f}{w50 / b50:>8.2f}  ms")
    print(f"{'same, Django test client: CPU of the process':<46}{c50 * 1000:>9.1f}{c95 * 1000:>9.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--alerts", type=int, default=100)
    parser.add_argument("--feed", type=int, default=1000)
    parser.add_argument("--port", type=int, default=8766)
    parser.add_argument("--only", choices=["reach", "send", "feed"])
    args = parser.parse_args()
    print(f"load average before: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f} "
          f"on {os.cpu_count()} cores")
    bare = psycopg.connect(_django.pg_dsn(), autocommit=True)
    if args.only in (None, "reach"):
        bench_reach(bare, args.runs)
    if args.only in (None, "send", "feed"):
        env = {**os.environ, "ATLAS_PUBLIC_URL": f"http://127.0.0.1:{args.port}"}
        server = subprocess.Popen([str(Path(sys.executable).parent / "gunicorn"), "atlas.wsgi", "--bind",
                                   f"127.0.0.1:{args.port}", "--workers", "2", "--threads", "4",
                                   "--no-control-socket", "--log-level", "warning"], cwd=_django.ROOT, env=env)
        try:
            time.sleep(5)
            if args.only in (None, "send"):
                bench_send(args.port, args.alerts, env)
            if args.only in (None, "feed"):
                bench_feed(bare, args.port, args.feed, args.runs)
        finally:
            server.terminate()
            server.wait(timeout=60)
    print(f"load average after: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f}")


if __name__ == "__main__":
    sys.exit(main())
