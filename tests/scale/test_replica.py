"""A streaming read replica (issue 12): serving reads go to it, writes and reads after writes to the primary.

The stack's gunicorn has DATABASE_REPLICA_URL set. To see which server answered, replay on the replica is
paused while a new version is published: what anonymous readers get then can only have come from the replica."""

import json

import mapbox_vector_tile
import pytest

from atlas.routers import PIN_COOKIE

from .conftest import points

pytestmark = pytest.mark.slow
SLUG = "scale-replica"


def feature_count(stack, *, cookie: str = "") -> int:
    headers = {"Cookie": cookie} if cookie else {}
    status, _, body = stack.request(f"/api/v1/layers/{SLUG}/features/", token=False, headers=headers)
    assert status == 200, body
    return len(json.loads(body)["features"])


def tile_count(stack) -> int:
    status, _, body = stack.request(f"/tiles/{SLUG}/0/0/0.pbf", token=False)
    assert status == 200, body
    return len(mapbox_vector_tile.decode(body)[SLUG]["features"])


def last_queries(conn, application_name: str | None = None) -> list[str]:
    sql = "SELECT query FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
    if application_name:
        return [q for (q,) in conn.execute(sql + " AND application_name = %s", [application_name])]
    return [q for (q,) in conn.execute(sql)]


def test_serving_reads_on_the_replica_writes_and_status_on_the_primary(stack):
    stack.upload(points(3), slug=SLUG, new_layer=True)
    stack.wait_replayed()
    assert feature_count(stack) == 3
    assert tile_count(stack) == 3

    # The query of a features request, marked by a bbox no other request uses, ran on the replica.
    marker = "61.2345678"
    status, _, _ = stack.request(f"/api/v1/layers/{SLUG}/features/?bbox={marker},40,89,55", token=False)
    assert status == 200
    with stack.replica() as replica, stack.primary() as primary:
        assert replica.execute("SELECT pg_is_in_recovery()").fetchone()[0] is True
        assert any(marker in q for q in last_queries(replica, "atlas-replica-reads")), last_queries(replica)
        assert not any(marker in q for q in last_queries(primary)), "a serving read ran on the primary"

        replica.execute("SELECT pg_wal_replay_pause()")
        try:
            # Publishing writes to the primary, and the upload's status (polled until published) is read
            # there too: neither could happen on the paused, read-only replica.
            final = stack.upload(points(5), slug=SLUG, new_layer=False)
            assert final["version"] == 2
            assert final["feature_count"] == 5
            status, _, body = stack.request(f"/api/v1/layers/{SLUG}/")
            assert status == 200, body
            assert json.loads(body)["version"] == 2, body
            # Anonymous serving reads still see version 1: they come from the replica.
            assert feature_count(stack) == 3
            assert tile_count(stack) == 3
            # A client that just wrote is pinned to the primary for a while (the cookie the write set).
            assert feature_count(stack, cookie=f"{PIN_COOKIE}=1") == 5
        finally:
            replica.execute("SELECT pg_wal_replay_resume()")

    lsn = stack.wait_replayed()
    assert lsn
    assert feature_count(stack) == 5
    assert tile_count(stack) == 5


def test_a_write_in_a_request_pins_its_client_to_the_primary(stack):
    status, headers, body = stack.request(f"/api/v1/layers/{SLUG}/publish/", method="POST",
                                          data=b'{"version": 2}', headers={"Content-Type": "application/json"})
    assert status == 200, body
    assert f"{PIN_COOKIE}=1" in headers.get("Set-Cookie", ""), headers
    status, headers, _ = stack.request(f"/api/v1/layers/{SLUG}/features/", token=False)
    assert status == 200
    assert PIN_COOKIE not in headers.get("Set-Cookie", "")
