"""PgBouncer in transaction pooling mode in front of the primary (issue 12): the web app and the worker run
through it for a real upload and publish; LISTEN goes direct; nothing leaks from one client to another."""

import json

import psycopg
import pytest

from .conftest import points

pytestmark = pytest.mark.slow
SLUG = "scale-bouncer"


def admin(stack, command: str) -> list[dict]:
    with stack.bouncer_connect("pgbouncer", prepare_threshold=None) as conn:
        cursor = conn.execute(command)
        names = [c.name for c in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor]


def test_upload_and_publish_through_pgbouncer(stack):
    before = {s["database"]: s["total_xact_count"] for s in admin(stack, "SHOW STATS")}.get("atlas_scale", 0)
    final = stack.upload(points(4), slug=SLUG, new_layer=True)
    assert final["feature_count"] == 4
    assert final["progress"] == 100
    status, _, body = stack.request(f"/api/v1/layers/{SLUG}/features/", headers={"Cookie": "atlas_primary=1"})
    assert status == 200
    assert len(json.loads(body)["features"]) == 4

    # Both the web app and the worker are PgBouncer's clients, and it pooled their transactions.
    clients = {c["application_name"] for c in admin(stack, "SHOW CLIENTS")}
    assert {"atlas-web", "atlas-worker"} <= clients, clients
    after = {s["database"]: s["total_xact_count"] for s in admin(stack, "SHOW STATS")}["atlas_scale"]
    assert after > before
    # The worker waits for jobs with LISTEN on a direct connection to the primary (atlas.jobs).
    with stack.primary() as conn:
        listening = conn.execute("SELECT count(*) FROM pg_stat_activity WHERE application_name = "
                                 "'atlas-worker-listen'").fetchone()[0]
    assert listening == 1
    # No client of PgBouncer had a prepared statement go missing (psycopg prepares a query run five times on
    # one connection unless told not to; the upload's progress connection runs the same UPDATE many times).
    logs = "".join(p.read_text(errors="replace") for p in (stack.base / "pg" / "log").glob("*"))
    assert "prepared statement" not in logs, logs[-3000:]


def test_prepared_statements_off_is_what_makes_transaction_pooling_safe(stack):
    """The hazard the settings avoid, shown on PgBouncer itself: two clients preparing on one server session
    collide; with preparation off (Django's default, kept by the atlas everywhere) they share it safely."""
    single = "atlas_scale_single"  # the same database with one server session in the pool
    with (stack.bouncer_connect(single, prepare_threshold=0) as a,
          stack.bouncer_connect(single, prepare_threshold=0) as b):
        a.execute("SELECT %s::int + 1", [1])
        with pytest.raises(psycopg.errors.DuplicatePreparedStatement):
            b.execute("SELECT %s::int + 1", [1])
    with stack.bouncer_connect(single, prepare_threshold=None) as a, stack.bouncer_connect(single) as b:
        for _ in range(10):
            assert a.execute("SELECT %s::int + 1", [1]).fetchone()[0] == 2
            assert b.execute("SELECT %s::int + 1", [1]).fetchone()[0] == 2


def test_set_local_of_tiles_does_not_leak_to_other_clients(stack):
    for _ in range(6):  # tiles read on the primary through PgBouncer (a pinned client)
        status, _, _ = stack.request(f"/tiles/{SLUG}/0/0/0.pbf", headers={"Cookie": "atlas_primary=1"})
        assert status == 200
    # Every server session of the pool (3), held at once by three transactions: none kept the tile's setting.
    conns = [stack.bouncer_connect(prepare_threshold=None) for _ in range(3)]
    try:
        values = []
        for conn in conns:
            conn.execute("BEGIN")
            values.append(conn.execute("SHOW max_parallel_workers_per_gather").fetchone()[0])
        pids = {conn.execute("SELECT pg_backend_pid()").fetchone()[0] for conn in conns}
        assert len(pids) == 3
        assert values == ["2", "2", "2"]
    finally:
        for conn in conns:
            conn.close()
