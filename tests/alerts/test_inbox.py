"""The inbox of the neighbours' systems: safe parsing, XSD, deduplication, Update/Cancel chains, Ack and Error."""

import pytest

from alerts.models import Acknowledgement, Alert

from .conftest import draft_payload, token_header

pytestmark = pytest.mark.django_db

MESSAGE = """<?xml version="1.0" encoding="UTF-8"?>
<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">
  <identifier>{identifier}</identifier><sender>{sender}</sender><sent>2025-04-01T10:00:00+05:00</sent>
  <status>Actual</status><msgType>{msg_type}</msgType><scope>Private</scope><addresses>cesdrr-centre</addresses>
  {extra}
</alert>"""


def _message(identifier="urn:oid:2.49.0.1.860.9.1", sender="uzb@cap.uz.example", msg_type="Alert", extra=""):
    return MESSAGE.format(identifier=identifier, sender=sender, msg_type=msg_type, extra=extra).encode()


def _post(client, user, body):
    """Post as a client that asks for the JSON reasons (a refusal is otherwise answered as a CAP Error)."""
    return client.post("/cap/inbox/", body, content_type="application/cap+xml", HTTP_ACCEPT="application/json",
                       **token_header(user))


def test_the_inbox_needs_a_focal_points_token(client, analyst):
    assert client.post("/cap/inbox/", _message(), content_type="application/cap+xml").status_code == 401
    assert _post(client, analyst, _message()).status_code == 403


def test_messages_are_deduplicated_on_sender_identifier_sent(client, focal_points):
    uzb = focal_points["UZB"].user
    first = _post(client, uzb, _message())
    assert first.status_code == 201
    assert first.json()["result"] == "accepted"
    again = _post(client, uzb, _message())
    assert again.status_code == 200
    assert again.json() == {"result": "duplicate", "id": first.json()["id"],
                                                         "identifier": "urn:oid:2.49.0.1.860.9.1"}
    assert Alert.objects.filter(identifier="urn:oid:2.49.0.1.860.9.1").count() == 1


def test_update_and_cancel_chains_and_a_foreign_cancel_is_refused(client, focal_points):
    uzb, tjk = focal_points["UZB"].user, focal_points["TJK"].user
    _post(client, uzb, _message())
    reference = "<references>uzb@cap.uz.example,urn:oid:2.49.0.1.860.9.1,2025-04-01T10:00:00+05:00</references>"
    foreign = _post(client, tjk, _message("urn:oid:2.49.0.1.762.9.5", "tjk@cap.tj.example", "Cancel", reference))
    assert foreign.status_code == 403
    assert foreign.json()["error"] == "foreign_reference"
    cancel = _post(client, uzb, _message("urn:oid:2.49.0.1.860.9.2", msg_type="Cancel", extra=reference))
    assert cancel.status_code == 201
    assert cancel.json()["unknown_references"] is False
    message = Alert.objects.get(identifier="urn:oid:2.49.0.1.860.9.2")
    assert list(message.referenced.values_list("identifier", flat=True)) == ["urn:oid:2.49.0.1.860.9.1"]


def test_unknown_references_are_kept_and_flagged(client, focal_points):
    reference = "<references>uzb@cap.uz.example,urn:oid:2.49.0.1.860.9.404,2025-03-01T10:00:00+05:00</references>"
    response = _post(client, focal_points["UZB"].user, _message(msg_type="Update", extra=reference))
    assert response.status_code == 201
    assert response.json()["unknown_references"] is True
    assert Alert.objects.get(pk=response.json()["id"]).unknown_references


def test_an_ack_records_the_receipt_and_an_error_its_note(client, kgz_issuer, focal_points):
    headers = token_header(kgz_issuer)
    draft = client.post("/api/v1/alerts/", draft_payload(), content_type="application/json", **headers).json()
    regional = Alert.objects.get(pk=client.post(f"/api/v1/alerts/{draft['id']}/send/", **headers)
                                 .json()["regional"]["id"])
    sent = bytes(regional.xml).decode().split("<sent>")[1].split("</sent>")[0]
    reference = f"<references>{regional.sender},{regional.identifier},{sent}</references>"
    ack = _post(client, focal_points["UZB"].user, _message("urn:oid:2.49.0.1.860.9.3", msg_type="Ack",
                                                           extra=reference))
    assert ack.status_code == 201
    assert ack.json()["acknowledged"] == [regional.identifier]
    error = _post(client, focal_points["TJK"].user, _message(
        "urn:oid:2.49.0.1.762.9.3", "tjk@cap.tj.example", "Error",
        f"<note>unknown area code</note>{reference}"))
    assert error.status_code == 201, error.json()
    kinds = {(a.kind, a.focal_point.address, a.note) for a in Acknowledgement.objects.filter(alert=regional)}
    assert ("receipt", "uzb-mchs", "") in kinds
    assert ("error", "tjk-mchs", "unknown area code") in kinds


@pytest.mark.parametrize(("body", "error"), [
    (b"<alert", "invalid_xml"),
    (b'<?xml version="1.0"?><!DOCTYPE alert [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
     b'<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2"><identifier>&xxe;</identifier></alert>', "invalid_xml"),
    (b'<?xml version="1.0"?><!DOCTYPE lol [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
     b'<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2"><note>&b;</note></alert>', "invalid_xml"),
    (b'<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2"><identifier>x</identifier></alert>', "invalid_cap"),
])
def test_unsafe_or_invalid_xml_is_refused_with_reasons(client, focal_points, body, error):
    response = _post(client, focal_points["UZB"].user, body)
    assert response.status_code == 400
    assert response.json()["error"] == error
    assert response.json()["reasons"]
    assert b"root:" not in response.content
