"""Early-warning benchmark (issue 11), the regional Atom feed with 1,000 alerts: `GET /cap/feed.atom` through
gunicorn and through Django's test client (with the process's CPU time), against the feed's own statements on a bare
psycopg connection in the same run.

    .venv/bin/python bench/alerts_feed.py [--runs 40] [--feed 1000] [--port 8766]

Needs the region loaded (make run once). Starts gunicorn; keeps its in-force alerts (copies of one real message,
note `bench-feed`) for later runs. Run on request; never part of the test suite."""

import argparse
import json
import sys
import time

import _django

_django.setup()

import psycopg
from _alerts import (
    ISSUER,
    Http,
    bare_connection,
    bare_run,
    captured,
    compare,
    draft_payload,
    gunicorn,
    header,
    load_average,
    stats,
    timed,
)
from django.db import connection

from accounts.tokens import api_token_create
from alerts.feeds import feed_atom
from alerts.models import Alert, FocalPoint
from alerts.selectors import public_feed_alerts
from hazards.services.users import user_set_role

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
    issuer = user_set_role(username=ISSUER, role="issuer", country="KGZ")[0]
    centre = FocalPoint.objects.get_or_create(address="bench-feed-centre", defaults={
        "is_regional_centre": True, "duty_unit": "bench feed centre"})[0]  # sending needs one; no channels
    api = Http(port, api_token_create(user=issuer, name='bench')[1])
    status, body = api.call("POST", "/api/v1/alerts/", draft_payload())
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
    parser.add_argument("--feed", type=int, default=1000)
    parser.add_argument("--port", type=int, default=8766)
    args = parser.parse_args()
    load_average("before")
    with gunicorn(args.port):
        bench_feed(bare_connection(), args.port, args.feed, args.runs)
    load_average("after")


if __name__ == "__main__":
    sys.exit(main())
