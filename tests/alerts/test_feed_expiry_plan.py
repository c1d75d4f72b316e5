"""The feeds' Last-Modified reads when the last message expired out of them (alerts.selectors.
public_feed_last_expiry) through the index on `expires`, never by reading every alert: with sequential scans priced
out, the plan of the very statement the selector sends reaches alerts_alert through that index (the test database
holds too few alerts for the planner to prefer it on its own)."""

import json

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from alerts.selectors import public_feed_last_expiry

pytestmark = pytest.mark.django_db


def _statement(country) -> str:
    with CaptureQueriesContext(connection) as queries:
        public_feed_last_expiry(country)
    (query,) = queries.captured_queries
    return query["sql"]


def _nodes(sql: str) -> list[dict]:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}")
        plan = cursor.fetchone()[0]
    plan = json.loads(plan) if isinstance(plan, str) else plan
    found, pending = [], [plan[0]["Plan"]]
    while pending:
        node = pending.pop()
        found.append(node)
        pending += node.get("Plans", [])
    return found


@pytest.mark.parametrize("country", [None, "KGZ"], ids=["the regional feed", "a member's feed"])
def test_the_last_expiry_of_a_feed_is_read_through_an_index_never_by_a_sequential_scan(country):
    nodes = _nodes(_statement(country))
    assert [n for n in nodes if n["Node Type"] == "Seq Scan" and n.get("Relation Name") == "alerts_alert"] == []
    assert any(n.get("Relation Name") == "alerts_alert" and "Index" in n["Node Type"] for n in nodes)
