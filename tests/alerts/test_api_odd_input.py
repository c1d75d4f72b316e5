"""Odd but well-formed input to the alerts' APIs (found by the schemathesis run, issue 28): a UTC offset PostgreSQL
does not take, an id no bigint holds. Each answers what it means, or a 4xx naming the parameter, never a 500."""

from datetime import UTC, datetime

import pytest

from alerts.models import Alert

from .conftest import draft_payload
from .factories import send

pytestmark = pytest.mark.django_db
ALERTS = "/api/v1/alerts/"
SENT = datetime(2026, 1, 1, tzinfo=UTC)


@pytest.fixture
def sent_at_new_year(kgz_issuer, focal_points) -> Alert:
    """The issuer's national alert, its `sent` set to 2026-01-01T00:00Z."""
    national, regional = send(kgz_issuer)
    Alert.objects.filter(pk__in=(national.pk, regional.pk)).update(sent=SENT)
    return national


def _ids(client, user, query: str) -> set[int]:
    client.force_login(user)
    response = client.get(f"{ALERTS}?{query}")
    assert response.status_code == 200, response.content
    return {alert["id"] for alert in response.json()["results"]}


def test_sent_before_an_instant_with_a_plus_23_23_offset_finds_the_alerts_sent_before_it(
        client, kgz_issuer, sent_at_new_year):
    # 2026-01-01T23:24+23:23 is 00:01 UTC on the same day: one minute after the alert was sent.
    assert sent_at_new_year.pk in _ids(client, kgz_issuer, "sent_before=2026-01-01T23:24:00%2B23:23")


def test_sent_before_an_instant_with_a_plus_23_23_offset_leaves_out_the_alerts_sent_after_it(
        client, kgz_issuer, sent_at_new_year):
    # 2026-01-01T23:22+23:23 is 23:59 UTC the day before.
    assert sent_at_new_year.pk not in _ids(client, kgz_issuer, "sent_before=2026-01-01T23:22:00%2B23:23")


def test_sent_after_an_instant_with_a_minus_23_59_offset_is_read_in_utc(client, kgz_issuer, sent_at_new_year):
    # 2025-12-31T00:02-23:59 is 2026-01-01T00:01 UTC: after the alert was sent.
    assert sent_at_new_year.pk not in _ids(client, kgz_issuer, "sent_after=2025-12-31T00:02:00-23:59")


def test_a_sent_before_outside_the_calendar_in_utc_answers_400(client, kgz_issuer):
    client.force_login(kgz_issuer)
    response = client.get(f"{ALERTS}?sent_before=0001-01-01T00:00:00%2B05:00")
    assert response.status_code == 400


def test_a_sent_before_outside_the_calendar_in_utc_is_named_in_the_error(client, kgz_issuer):
    client.force_login(kgz_issuer)
    body = client.get(f"{ALERTS}?sent_before=0001-01-01T00:00:00%2B05:00").json()
    assert list(body["fields"]) == ["sent_before"]


def test_a_twenty_digit_ogc_alert_id_answers_404(client):
    response = client.get("/ogc/collections/alerts/items/12345678901234567890")
    assert response.status_code == 404


def test_a_twenty_digit_ogc_alert_id_answers_the_json_error(client):
    body = client.get("/ogc/collections/alerts/items/12345678901234567890").json()
    assert body["error"] == "not_found"


def _cancel(client, issuer, note: str):
    national, _regional = send(issuer)
    client.force_login(issuer)
    return client.post(f"{ALERTS}{national.pk}/cancel/", {"note": note}, content_type="application/json")


def test_a_cancel_note_with_a_control_character_answers_400(client, kgz_issuer, focal_points):
    assert _cancel(client, kgz_issuer, "dam \x16 breach").status_code == 400


def test_a_cancel_note_with_a_control_character_is_named_in_the_error(client, kgz_issuer, focal_points):
    assert list(_cancel(client, kgz_issuer, "dam \x16 breach").json()["fields"]) == ["note"]


def test_a_draft_headline_with_a_control_character_is_named_in_the_error(client, kgz_issuer, focal_points):
    payload = draft_payload()
    payload["infos"][0]["headline"] = "Out\x16burst"
    client.force_login(kgz_issuer)
    body = client.post(ALERTS, payload, content_type="application/json").json()
    assert body["fields"] == {"infos": {"0": {"headline": [body["fields"]["infos"]["0"]["headline"][0]]}}}


def test_a_cancel_note_with_tabs_and_newlines_is_sent(client, kgz_issuer, focal_points):
    assert _cancel(client, kgz_issuer, "line one\n\tline two\r\n").status_code == 201


def test_the_refusal_of_a_control_character_is_told_in_russian(client, kgz_issuer, focal_points):
    national, _regional = send(kgz_issuer)
    client.force_login(kgz_issuer)
    body = client.post(f"{ALERTS}{national.pk}/cancel/", {"note": "dam \x16 breach"}, content_type="application/json",
                       HTTP_ACCEPT_LANGUAGE="ru").json()
    assert body["fields"]["note"] == ["управляющие символы недопустимы в тексте CAP-сообщения"]
