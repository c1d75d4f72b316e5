"""Sending: two tracks of one incident, valid CAP 1.2, identifiers that never collide, times as the XSD wants."""

from datetime import UTC, datetime, timedelta, timezone

import pytest
from lxml import etree

from alerts.cap import CAP, cap_time
from alerts.models import Alert, Delivery
from alerts.validation import cap_schema, parse_safely

from .conftest import draft_payload, token_header

pytestmark = pytest.mark.django_db


def _send(client, user, payload=None):
    headers = token_header(user)
    created = client.post("/api/v1/alerts/", payload or draft_payload(), content_type="application/json", **headers)
    assert created.status_code == 201, created.json()
    sent = client.post(f"/api/v1/alerts/{created.json()['id']}/send/", **headers)
    assert sent.status_code == 201, sent.json()
    return sent.json()


def test_cap_times_have_an_offset_and_no_fractions():
    moment = datetime(2025, 3, 1, 12, 30, 5, 123456, tzinfo=UTC)
    assert cap_time(moment) == "2025-03-01T12:30:05-00:00"
    assert cap_time(moment.astimezone(timezone(timedelta(hours=5)))) == "2025-03-01T17:30:05+05:00"
    assert cap_time(moment.astimezone(timezone(timedelta(hours=-3, minutes=-30)))) == "2025-03-01T09:00:05-03:30"


def test_sending_makes_a_national_and_a_regional_message_of_one_incident(client, kgz_issuer, focal_points):
    sent = _send(client, kgz_issuer)
    national, regional = Alert.objects.get(pk=sent["national"]["id"]), Alert.objects.get(pk=sent["regional"]["id"])
    assert national.incidents == regional.incidents == national.identifier
    assert national.scope == "Public"
    assert regional.scope == "Private"
    assert national.identifier != regional.identifier
    for alert in (national, regional):
        root = parse_safely(bytes(alert.xml))
        assert cap_schema().validate(root), cap_schema().error_log
        assert [e.text for e in root.iter(CAP + "language")] == ["ru", "en", "kk"]
        assert root.findtext(CAP + "sent").endswith("-00:00")
        assert "." not in root.findtext(CAP + "sent")
    addresses = regional.address_tokens()
    assert "cesdrr-centre" in addresses
    assert "uzb-mchs" in addresses
    assert "kgz-mchs" not in addresses
    # The national area is clipped to Kyrgyzstan; the regional one keeps the drawn box.
    assert national.areas.get().geom.area <= regional.areas.get().geom.area
    polygon = etree.fromstring(bytes(regional.xml)).findtext(f"{CAP}info/{CAP}area/{CAP}polygon").split()
    assert polygon[0] == polygon[-1]
    assert len(polygon) >= 4
    lat, lon = (float(v) for v in polygon[0].split(","))
    assert 41 < lat < 42.1
    assert 72 < lon < 73.3
    assert all(len(v.split(".")[-1]) <= 6 for pair in polygon for v in pair.split(","))


def test_two_alerts_in_the_same_second_never_collide(client, kgz_issuer, focal_points):
    first, second = _send(client, kgz_issuer), _send(client, kgz_issuer)
    identifiers = {first["national"]["identifier"], first["regional"]["identifier"],
                   second["national"]["identifier"], second["regional"]["identifier"]}
    assert len(identifiers) == 4
    assert all(i.startswith("urn:oid:2.49.0.1.417.") for i in identifiers)


def test_a_sent_message_keeps_its_exact_bytes(client, kgz_issuer, focal_points):
    import hashlib

    sent = _send(client, kgz_issuer)
    alert = Alert.objects.get(pk=sent["national"]["id"])
    assert hashlib.sha256(bytes(alert.xml)).hexdigest() == alert.sha256
    response = client.get(f"/cap/alerts/{alert.identifier}.xml")
    assert response.status_code == 200
    assert response.content == bytes(alert.xml)
    assert response["Content-Type"] == "application/cap+xml"
    edit = client.patch(f"/api/v1/alerts/{alert.pk}/", {"note": "changed"}, content_type="application/json",
                        **token_header(kgz_issuer))
    assert edit.status_code == 409
    assert edit.json()["error"] == "already_sent"


def test_deliveries_are_queued_per_focal_point_and_channel(client, kgz_issuer, focal_points,
                                                           django_capture_on_commit_callbacks):
    focal_points["UZB"].webhook_url = "http://127.0.0.1:9/cap"
    focal_points["UZB"].emails = ["duty@uzb.example"]
    focal_points["UZB"].save()
    with django_capture_on_commit_callbacks() as callbacks:
        sent = _send(client, kgz_issuer)
    deliveries = Delivery.objects.filter(alert_id=sent["regional"]["id"], focal_point=focal_points["UZB"])
    assert sorted(deliveries.values_list("channel", flat=True)) == ["email", "webhook"]
    assert len(callbacks) == 1  # one on-commit hook that queues every delivery's job
