"""The atlas answers in CAP: a refused inbox submission gets a CAP Error (and is kept, bytes and all); an operator
acknowledgement records a CAP Ack to the original sender, once."""

import hashlib

import pytest
from django.conf import settings

from alerts.cap import CAP, reference_of
from alerts.dashboard import incidents
from alerts.models import Acknowledgement, Alert, Delivery, RejectedMessage
from alerts.notify import ack_token
from alerts.selectors import incident_in_force
from alerts.validation import cap_schema, parse_safely

from .conftest import draft_payload, token_header
from .test_inbox import _message

pytestmark = pytest.mark.django_db
TRIPLE = "uzb@cap.uz.example,urn:oid:2.49.0.1.860.9.1,2025-04-01T10:00:00+05:00"


def _post(client, user, body, **headers):
    return client.post("/cap/inbox/", body, content_type="application/cap+xml", **token_header(user), **headers)


def _valid_cap(data: bytes):
    root = parse_safely(data)
    assert cap_schema().validate(root), cap_schema().error_log
    return root


def test_invalid_xml_is_answered_with_a_cap_error_and_kept(client, focal_points):
    body = b"<alert xmlns='urn:oasis:names:tc:emergency:cap:1.2'><identifier>x"
    response = _post(client, focal_points["UZB"].user, body)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/cap+xml"
    reply = _valid_cap(response.content)
    assert [reply.findtext(CAP + name) for name in ("msgType", "scope", "addresses")] == \
        ["Error", "Private", "uzb-mchs"]
    assert reply.find(CAP + "references") is None  # nothing could be read to refer to
    assert "XML" in reply.findtext(CAP + "note")
    kept = RejectedMessage.objects.get()
    assert bytes(kept.data) == body
    assert kept.sha256 == hashlib.sha256(body).hexdigest()
    assert (kept.focal_point, kept.error, kept.source) == (focal_points["UZB"], "invalid_xml", "inbox")
    assert bytes(kept.reply) == response.content


def test_a_refusal_is_answered_in_the_focal_points_language_referencing_the_message(client, focal_points):
    """Since issue 27 a profile failure is a warning, not a refusal: the refusal here is Uzbekistan's sender posted
    with another country's token (alerts.senders), answered in that focal point's language."""
    body = _message()  # uzb@cap.uz.example's message
    focal_points["KAZ"].languages = ["ru"]
    focal_points["KAZ"].save()
    russian = _post(client, focal_points["KAZ"].user, body)  # the focal point reads Russian
    reply = _valid_cap(russian.content)
    assert reply.findtext(CAP + "references") == TRIPLE
    assert reply.findtext(CAP + "note") == ("kaz-mchs не может отправлять сообщения отправителя uzb@cap.uz.example: "
                                            "это не отправитель её страны")
    assert reply.findtext(CAP + "sender").startswith("hub@")
    assert reply.findtext(CAP + "status") == "Actual"
    focal_points["TJK"].languages = []  # none known: English
    focal_points["TJK"].save()
    english = _post(client, focal_points["TJK"].user, body)
    assert _valid_cap(english.content).findtext(CAP + "note") == (
        "tjk-mchs may not post messages of sender uzb@cap.uz.example: it is not one of its country's senders")
    assert RejectedMessage.objects.filter(reference=TRIPLE, error="sender_not_allowed").count() == 2
    assert not Alert.objects.filter(identifier="urn:oid:2.49.0.1.860.9.1").exists()


def test_the_json_reasons_remain_for_clients_that_ask_for_json(client, focal_points):
    body = _message()
    response = _post(client, focal_points["KAZ"].user, body, HTTP_ACCEPT="application/json",
                     HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 403
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["error"] == "sender_not_allowed"
    assert response.json()["reasons"] == [
        "kaz-mchs may not post messages of sender uzb@cap.uz.example: it is not one of its country's senders"]
    xml_preferred = _post(client, focal_points["KAZ"].user, body,
                          HTTP_ACCEPT="application/cap+xml, application/json;q=0.5")
    assert xml_preferred["Content-Type"] == "application/cap+xml"


def test_rejected_messages_are_readable_in_the_admin(admin_client, client, focal_points):
    _post(client, focal_points["UZB"].user, b"<alert>")
    rejected = RejectedMessage.objects.get()
    page = admin_client.get(f"/admin/alerts/rejectedmessage/{rejected.pk}/change/")
    assert page.status_code == 200
    assert b"&lt;alert&gt;" in page.content
    assert rejected.sha256.encode() in page.content
    assert admin_client.get("/admin/alerts/rejectedmessage/").status_code == 200


def _regional(client, user) -> Alert:
    headers = token_header(user)
    draft = client.post("/api/v1/alerts/", draft_payload(), content_type="application/json", **headers).json()
    return Alert.objects.get(pk=client.post(f"/api/v1/alerts/{draft['id']}/send/", **headers)
                             .json()["regional"]["id"])


def test_an_operator_acknowledgement_records_one_cap_ack_to_the_original_sender(client, kgz_issuer, focal_points):
    regional = _regional(client, kgz_issuer)
    uzb = focal_points["UZB"]
    first = client.post(f"/api/v1/alerts/{regional.pk}/acknowledge/", {"note": "принято, дежурная смена"},
                        content_type="application/json", **token_header(uzb.user))
    assert first.status_code == 201, first.json()
    ack = Alert.objects.get(identifier=first.json()["message"])
    root = _valid_cap(bytes(ack.xml))
    assert ack.sha256 == hashlib.sha256(bytes(ack.xml)).hexdigest() == first.json()["message_sha256"]
    assert [root.findtext(CAP + name) for name in ("msgType", "scope", "addresses", "references", "note")] == \
        ["Ack", "Private", "kgz-mchs", reference_of(regional), "принято, дежурная смена"]
    # Made by the regional hub (this instance is no country's node): under the hub's OID, never in Uzbekistan's range.
    assert root.findtext(CAP + "sender").startswith("hub@")
    assert root.findtext(CAP + "identifier").startswith(f"urn:oid:{settings.CAP_HUB_OID}.")
    assert (ack.state, ack.source_country.iso3, ack.incidents) == ("sent", "UZB", regional.incidents)
    again = client.post(f"/api/v1/alerts/{regional.pk}/acknowledge/", {"note": "ещё раз"},
                        content_type="application/json", **token_header(uzb.user))
    assert again.status_code == 200
    assert again.json()["message"] == ack.identifier
    assert Alert.objects.filter(msg_type="Ack").count() == 1
    assert Acknowledgement.objects.filter(alert=regional, kind="operator").count() == 1
    # An Ack does not supersede what it acknowledges: the message is still in force and still updatable.
    assert regional in incident_in_force(regional.incidents, Alert.Track.REGIONAL)
    # The dashboard counts it as UZB's acknowledgement, not as a notification of the original sender.
    [incident] = incidents(kgz_issuer)
    assert [m.msg_type for m in incident.messages] == ["Alert"]
    assert incident.in_force
    recipients = {row.focal_point.address: row for row in incident.recipients}
    assert "kgz-mchs" not in recipients
    assert recipients["uzb-mchs"].acknowledged is not None
    # The original sender's focal point may read the Ack; another neighbour may not.
    assert client.get(f"/cap/alerts/{ack.identifier}.xml", **token_header(focal_points["KGZ"].user)).content == \
        bytes(ack.xml)
    assert client.get(f"/cap/alerts/{ack.identifier}.xml", **token_header(focal_points["TJK"].user)).status_code \
        == 404


def test_the_email_link_records_the_same_single_ack(client, kgz_issuer, focal_points):
    uzb = focal_points["UZB"]
    uzb.emails = ["duty@mchs.uz.example"]
    uzb.save()
    regional = _regional(client, kgz_issuer)
    link = f"/cap/acknowledge/{ack_token(Delivery.objects.get(alert=regional, focal_point=uzb))}/"
    assert client.post(link, {"note": "получено"}).status_code == 200
    assert client.post(link, {"note": "получено"}).status_code == 200
    acknowledgement = Acknowledgement.objects.get(alert=regional, kind="operator")
    ack = acknowledgement.message
    assert ack.msg_type == "Ack"
    assert ack.note == "получено"
    assert ack.sender.startswith("hub@")
    assert _valid_cap(bytes(ack.xml)).findtext(CAP + "references") == reference_of(regional)
    assert Alert.objects.filter(msg_type="Ack").count() == 1
