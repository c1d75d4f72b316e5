"""Pushing to a node's inbox through the delivery job, against a real HTTP inbox on loopback: our outbound token,
the signing key configured for the node, the inbox's refusals and redirects, and the operator's Ack of a message a
node sent us going back to that node."""

import json
from datetime import UTC, datetime, timedelta

import pytest
from django.forms import modelform_factory
from signxml import XMLVerifier

from alerts.admin import FocalPointForm
from alerts.cap import cap_time
from alerts.models import Alert, Delivery, FocalPoint
from alerts.notify import delivery_attempt
from alerts.push import PushRefused
from alerts.signing import DS
from alerts.tasks import deliver_notification
from alerts.validation import cap_schema, parse_safely
from tests.alerts.conftest import draft_payload, token_header

pytestmark = pytest.mark.django_db

TOKEN = "outbound-token-of-the-uzb-node"


def _send(client, user) -> Alert:
    """Send the Toktogul draft (it reaches Uzbekistan and Kazakhstan downstream): the regional message."""
    headers = token_header(user)
    draft = client.post("/api/v1/alerts/", draft_payload(), content_type="application/json", **headers).json()
    answer = client.post(f"/api/v1/alerts/{draft['id']}/send/", **headers).json()
    return Alert.objects.get(pk=answer["regional"]["id"])


def _node(point, url, **extra):
    point.webhook_url, point.outbound_token = url, TOKEN
    for name, value in extra.items():
        setattr(point, name, value)
    point.save()
    return point


def _webhook(regional, point) -> Delivery:
    return Delivery.objects.get(alert=regional, focal_point=point, channel="webhook")


def test_a_node_gets_the_regional_message_with_our_outbound_token_and_a_plain_webhook_does_not(
        client, issuer, points, inbox, elsewhere):
    _node(points["UZB"], inbox.url)
    points["KAZ"].webhook_url = elsewhere.url
    points["KAZ"].save()
    regional = _send(client, issuer)
    assert deliver_notification(delivery_id=_webhook(regional, points["UZB"]).pk) == "delivered"
    headers, body = inbox.received[0]
    assert headers["Authorization"] == f"Token {TOKEN}"
    assert headers["Content-Type"] == "application/cap+xml"
    assert body == bytes(regional.xml)
    assert deliver_notification(delivery_id=_webhook(regional, points["KAZ"]).pk) == "delivered"
    plain_headers, _body = elsewhere.received[0]
    assert plain_headers["Authorization"] is None


def test_a_node_with_a_signing_key_gets_the_message_signed_by_that_key_only(client, settings, issuer, points, inbox,
                                                                             node_pair, kgz_pair):
    settings.CAP_SIGNING = {"KGZ": kgz_pair.paths, "NODE-UZB": node_pair.paths}
    _node(points["UZB"], inbox.url, signing_key="NODE-UZB")
    regional = _send(client, issuer)
    delivery_attempt(_webhook(regional, points["UZB"]).pk)
    _headers, body = inbox.received[0]
    root = parse_safely(body)
    assert cap_schema().validate(root), cap_schema().error_log
    assert len(root.findall(DS + "Signature")) == 1
    signed = XMLVerifier().verify(body, x509_cert=node_pair.cert_pem).signed_xml
    assert signed.findtext("{urn:oasis:names:tc:emergency:cap:1.2}identifier") == regional.identifier
    stored = parse_safely(bytes(regional.xml))
    assert XMLVerifier().verify(bytes(regional.xml), x509_cert=kgz_pair.cert_pem).signed_xml is not None
    assert len(stored.findall(DS + "Signature")) == 1


def test_a_missing_signing_key_fails_the_push_and_says_which(client, settings, issuer, points, inbox):
    settings.CAP_SIGNING = {}
    _node(points["UZB"], inbox.url, signing_key="NODE-UZB")
    regional = _send(client, issuer)
    delivery = _webhook(regional, points["UZB"])
    with pytest.raises(OSError):
        delivery_attempt(delivery.pk)
    delivery.refresh_from_db()
    assert delivery.state == "failed"
    assert "NODE-UZB" in delivery.last_error
    assert inbox.received == []


REFUSAL = b"""<?xml version="1.0" encoding="UTF-8"?>
<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2"><identifier>urn:oid:2.49.0.1.860.9.77</identifier>
<sender>hub@cap.uz.example</sender><sent>2026-01-01T00:00:00-00:00</sent><status>Actual</status><msgType>Error</msgType>
<scope>Private</scope><addresses>fp-kgz</addresses><note>the message is not signed</note></alert>"""


def test_a_refusing_inbox_fails_the_delivery_with_its_reason_until_it_takes_the_message(client, issuer, points,
                                                                                          inbox):
    _node(points["UZB"], inbox.url)
    regional = _send(client, issuer)
    delivery = _webhook(regional, points["UZB"])
    inbox.answer = (403, "application/cap+xml", REFUSAL)
    with pytest.raises(PushRefused):
        delivery_attempt(delivery.pk)
    delivery.refresh_from_db()
    assert delivery.state == "failed"
    assert "403" in delivery.last_error
    assert "the message is not signed" in delivery.last_error
    inbox.answer = (200, "application/json", json.dumps({"result": "duplicate"}).encode())
    assert delivery_attempt(delivery.pk) == "delivered"
    assert len(inbox.received) == 2


def test_a_redirect_is_not_followed_with_our_token(client, issuer, points, inbox, elsewhere):
    _node(points["UZB"], inbox.url)
    regional = _send(client, issuer)
    inbox.answer = (307, elsewhere.url, b"")
    with pytest.raises(PushRefused):
        delivery_attempt(_webhook(regional, points["UZB"]).pk)
    assert elsewhere.received == []


MESSAGE = """<?xml version="1.0" encoding="UTF-8"?>
<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">
  <identifier>urn:oid:2.49.0.1.860.9.4242</identifier><sender>uzb@cap.uz.example</sender><sent>{sent}</sent>
  <status>Actual</status><msgType>Alert</msgType><scope>Private</scope><addresses>fp-kgz fp-centre</addresses>
</alert>"""


def _received_from_uzb(client, points) -> dict:
    body = MESSAGE.format(sent=cap_time(datetime.now(UTC).replace(microsecond=0) - timedelta(minutes=1)))
    answer = client.post("/cap/inbox/", body.encode(), content_type="application/cap+xml",
                         HTTP_ACCEPT="application/json", **token_header(points["UZB"].user))
    assert answer.status_code == 201, answer.content
    return answer.json()


def test_the_operator_ack_of_a_message_from_a_node_is_pushed_back_to_it(client, points, inbox, settings):
    settings.ATLAS_NODE_COUNTRY = "KGZ"  # this atlas is Kyrgyzstan's node: its Acks are Kyrgyzstan's
    _node(points["UZB"], inbox.url)
    received = _received_from_uzb(client, points)
    answer = client.post(f"/api/v1/alerts/{received['id']}/acknowledge/", {"note": "принято"},
                         content_type="application/json", **token_header(points["KGZ"].user))
    assert answer.status_code == 201, answer.content
    ack = Alert.objects.get(identifier=answer.json()["message"])
    delivery = Delivery.objects.get(alert=ack, focal_point=points["UZB"], channel="webhook")
    assert deliver_notification(delivery_id=delivery.pk) == "delivered"
    headers, body = inbox.received[0]
    assert headers["Authorization"] == f"Token {TOKEN}"
    assert body == bytes(ack.xml)
    root = parse_safely(body)
    assert root.findtext("{urn:oasis:names:tc:emergency:cap:1.2}msgType") == "Ack"
    assert root.findtext("{urn:oasis:names:tc:emergency:cap:1.2}addresses") == "fp-uzb"
    assert root.findtext("{urn:oasis:names:tc:emergency:cap:1.2}references").split(",")[1] == \
        "urn:oid:2.49.0.1.860.9.4242"
    assert root.findtext("{urn:oasis:names:tc:emergency:cap:1.2}sender").startswith("kgz@")


def test_the_ack_of_a_message_from_a_focal_point_that_is_no_node_is_not_pushed(client, points, inbox):
    received = _received_from_uzb(client, points)
    answer = client.post(f"/api/v1/alerts/{received['id']}/acknowledge/", {"note": "принято"},
                         content_type="application/json", **token_header(points["KGZ"].user))
    assert answer.status_code == 201, answer.content
    assert not Delivery.objects.filter(alert__identifier=answer.json()["message"]).exists()


def test_the_outbound_token_is_never_shown(client, admin_client, issuer, points, inbox):
    _node(points["UZB"], inbox.url)
    listing = client.get("/api/v1/focal-points/", **token_header(issuer))
    assert listing.status_code == 200
    assert TOKEN not in listing.content.decode()
    page = admin_client.get(f"/admin/alerts/focalpoint/{points['UZB'].pk}/change/")
    assert page.status_code == 200
    assert TOKEN not in page.content.decode()


def _admin_form(point, **changes):
    form_class = modelform_factory(FocalPoint, form=FocalPointForm,
                                   fields=["duty_unit", "address", "webhook_url", "outbound_token", "signing_key"])
    data = {"duty_unit": point.duty_unit, "address": point.address, "webhook_url": point.webhook_url,
            "outbound_token": "", "signing_key": "", **changes}
    return form_class(data=data, instance=point)


def test_the_admin_keeps_the_stored_token_when_left_empty_and_removes_it_when_asked(points, inbox):
    _node(points["UZB"], inbox.url)
    kept = _admin_form(points["UZB"])
    assert kept.is_valid(), kept.errors
    assert kept.save().outbound_token == TOKEN
    removed = _admin_form(points["UZB"], clear_outbound_token="on")
    assert removed.is_valid(), removed.errors
    assert removed.save().outbound_token == ""


def test_the_admin_refuses_a_signing_key_that_is_not_configured(settings, points, node_pair):
    settings.CAP_SIGNING = {"NODE-UZB": node_pair.paths}
    assert _admin_form(points["UZB"], signing_key="node-uzb").is_valid()
    assert "signing_key" in _admin_form(points["UZB"], signing_key="NODE-TJK").errors


def test_the_admin_refuses_an_outbound_token_without_the_inbox_address(points):
    form = _admin_form(points["UZB"], outbound_token=TOKEN)
    assert "webhook_url" in form.errors
