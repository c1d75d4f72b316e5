"""A feed reads what it writes and no more: a fixed number of queries whatever the number of alerts, never the CAP
bytes of the messages, one query for the infos of its entries (bench/alerts_feed.py measures it with 1,000 alerts)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from lxml import etree

from .conftest import draft_payload, token_header

pytestmark = pytest.mark.django_db
A = "{http://www.w3.org/2005/Atom}"


def _send(client, user):
    headers = token_header(user)
    draft = client.post("/api/v1/alerts/", draft_payload(), content_type="application/json", **headers).json()
    assert client.post(f"/api/v1/alerts/{draft['id']}/send/", **headers).status_code == 201


def _feed_queries(client, **headers) -> tuple[list[str], list[str]]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/cap/feed.atom", **headers)
    assert response.status_code == 200
    headlines = [entry.findtext(A + "title") for entry in etree.fromstring(response.content).iter(A + "entry")]
    return [query["sql"] for query in queries.captured_queries], headlines


def test_the_feed_reads_a_fixed_number_of_queries_and_never_the_cap_bytes(client, kgz_issuer, focal_points):
    _send(client, kgz_issuer)
    one, headlines = _feed_queries(client)
    assert headlines == ["Угроза прорыва: Токтогульское водохранилище"]  # the Russian info, read by the prefetch
    _send(client, kgz_issuer)
    _send(client, kgz_issuer)
    three, headlines = _feed_queries(client)
    assert len(headlines) == 3
    assert len(three) == len(one)
    alert_queries = [sql for sql in three if 'FROM "alerts_alert"' in sql]
    assert alert_queries
    assert not any('"alerts_alert"."xml"' in sql for sql in alert_queries)
    assert not any('"hazards_country"."geom"' in sql for sql in three)
    assert sum('FROM "alerts_alertinfo"' in sql for sql in three) == 1
    english = _feed_queries(client, HTTP_ACCEPT_LANGUAGE="en")[1]
    assert english == ["Outburst threat: Toktogul reservoir"] * 3  # each entry in the reader's language
