"""The dashboard reads a fixed number of queries whatever the number of incidents: the focal points addressed and
which incidents are in force are loaded once for the page, not once per incident."""

import lxml.html
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from .conftest import draft_payload, token_header

pytestmark = pytest.mark.django_db


def _send(client, user) -> dict:
    headers = token_header(user)
    draft = client.post("/api/v1/alerts/", draft_payload(), content_type="application/json", **headers).json()
    sent = client.post(f"/api/v1/alerts/{draft['id']}/send/", **headers)
    assert sent.status_code == 201, sent.json()
    return sent.json()


def _dashboard(client) -> tuple[list[str], dict[str, bool]]:
    """The SQL the page ran, and per incident shown whether it is in force."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/alerts/")
    assert response.status_code == 200
    sections = lxml.html.fromstring(response.content).xpath("//section[@data-incident]")
    assert all(section.xpath(".//tr[@data-address='uzb-mchs']") for section in sections)  # recipients shown
    return ([query["sql"] for query in queries.captured_queries],
            {section.get("data-incident"): "open" in section.get("class").split() for section in sections})


def test_the_dashboard_reads_as_many_queries_for_three_incidents_as_for_one(client, kgz_issuer, focal_points):
    first = _send(client, kgz_issuer)
    client.force_login(focal_points["centre"].user)  # the regional centre is addressed in every incident
    one, shown = _dashboard(client)
    assert list(shown.values()) == [True]
    _send(client, kgz_issuer)
    third = _send(client, kgz_issuer)
    cancel = client.post(f"/api/v1/alerts/{third['national']['id']}/cancel/", {}, content_type="application/json",
                         **token_header(kgz_issuer))
    assert cancel.status_code == 201, cancel.json()
    three, shown = _dashboard(client)
    assert len(shown) == 3
    assert shown[first["regional"]["incidents"]] is True
    assert shown[third["regional"]["incidents"]] is False  # the cancelled incident is closed, the others open
    assert sorted(shown.values()) == [False, True, True]
    assert len(three) == len(one), "\n".join(three)
    assert sum('FROM "alerts_focalpoint"' in sql for sql in three) == \
        sum('FROM "alerts_focalpoint"' in sql for sql in one)
