"""Early-warning benchmark (issue 11), send → the neighbour's webhook: alerts drafted and sent one after another
through gunicorn's REST API, each timed until a loopback receiver has UZB's webhook of the regional message, with a
real procrastinate worker delivering.

    .venv/bin/python bench/alerts_send.py [--alerts 100] [--port 8766]

Needs the region loaded (make run once). Registers focal points `bench-*` with webhooks on a loopback receiver and
e-mails to aiosmtpd on port+1, starts gunicorn and a procrastinate worker (queue notifications), and removes what it
sent afterwards. Run on request; never part of the test suite."""

import argparse
import json
import logging
import re
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import _django

_django.setup()

from _alerts import ISSUER, Http, draft_payload, gunicorn, load_average, stats
from django.db import connection
from django.db.models import Q

from accounts.tokens import api_token_create
from alerts.models import Alert, FocalPoint
from hazards.models import Country
from hazards.services.users import user_set_role

NEIGHBOURS = ("KAZ", "TJK", "UZB")


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
    issuer = user_set_role(username=ISSUER, role="issuer", country="KGZ")[0]
    for key in ("centre", *NEIGHBOURS):
        FocalPoint.objects.update_or_create(address=f"bench-{key.lower()}", defaults={
            "country": None if key == "centre" else Country.objects.get(iso3=key),
            "is_regional_centre": key == "centre", "duty_unit": f"bench {key}",
            "webhook_url": f"{receiver.url}/{key.lower()}", "emails": [f"duty@{key.lower()}.bench.example"],
            "languages": ["ru"], "active": True})
    return api_token_create(user=issuer, name='bench')[1]


def _cleanup_sent() -> None:
    points = FocalPoint.objects.filter(address__startswith="bench-")
    Alert.objects.filter(Q(issuer__username=ISSUER) & ~Q(note="bench-feed")).delete()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM procrastinate_jobs WHERE task_name = 'deliver_notification' "
                       "AND status IN ('succeeded', 'failed', 'todo')")
    points.delete()


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
            status, body = api.call("POST", "/api/v1/alerts/", draft_payload())
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--alerts", type=int, default=100)
    parser.add_argument("--port", type=int, default=8766)
    args = parser.parse_args()
    load_average("before")
    with gunicorn(args.port) as env:
        bench_send(args.port, args.alerts, env)
    load_average("after")


if __name__ == "__main__":
    sys.exit(main())
