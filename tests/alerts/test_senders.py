"""Senders that cannot be forged and receipts that cannot be faked: the inbox takes a message only when its sender
is one of the posting focal point's country (or the focal point is a registered relay), and a CAP Ack counts as a
receipt only from a focal point the message was addressed or delivered to."""

import pytest

from alerts.cap import CAP, sender_for
from alerts.dashboard import incidents
from alerts.models import Acknowledgement, Alert, Delivery, RejectedMessage
from alerts.validation import cap_schema, parse_safely

from .conftest import _focal_point, token_header
from .factories import send
from .test_inbox import _message

pytestmark = pytest.mark.django_db
KGZ_ALERT = "kgz@cap.kg.example,urn:oid:2.49.0.1.417.9.1,2025-04-01T10:00:00+05:00"


def _post(client, user, body, **headers):
    return client.post("/cap/inbox/", body, content_type="application/cap+xml", **token_header(user), **headers)


def _kyrgyz(msg_type="Alert", serial=1, extra="") -> bytes:
    return _message(f"urn:oid:2.49.0.1.417.9.{serial}", "kgz@cap.kg.example", msg_type, extra)


def test_a_cancel_posted_with_uzbekistans_token_as_kyrgyzstan_is_403_with_a_cap_error(client, focal_points):
    body = _kyrgyz("Cancel", 2, f"<references>{KGZ_ALERT}</references>")
    response = _post(client, focal_points["UZB"].user, body)
    assert (response.status_code, response["Content-Type"]) == (403, "application/cap+xml")
    reply = parse_safely(response.content)
    assert cap_schema().validate(reply), cap_schema().error_log
    assert (reply.findtext(CAP + "msgType"), reply.findtext(CAP + "addresses")) == ("Error", "uzb-mchs")
    assert "kgz@cap.kg.example" in reply.findtext(CAP + "note")


def test_a_forged_cancel_stores_nothing(client, focal_points):
    _post(client, focal_points["UZB"].user, _kyrgyz("Cancel", 2, f"<references>{KGZ_ALERT}</references>"))
    assert not Alert.objects.filter(state=Alert.State.RECEIVED).exists()


def test_a_forged_message_is_kept_as_a_refusal(client, focal_points):
    body = _kyrgyz("Cancel", 2, f"<references>{KGZ_ALERT}</references>")
    _post(client, focal_points["UZB"].user, body)
    kept = RejectedMessage.objects.get()
    assert (kept.error, kept.focal_point, bytes(kept.data)) == ("sender_not_allowed", focal_points["UZB"], body)


def test_an_alert_posted_with_kazakhstans_token_as_kyrgyzstan_is_403(client, focal_points):
    response = _post(client, focal_points["KAZ"].user, _kyrgyz(), HTTP_ACCEPT="application/json")
    assert (response.status_code, response.json()["error"]) == (403, "sender_not_allowed")


def test_a_countrys_own_focal_point_may_post_its_sender(client, focal_points):
    assert _post(client, focal_points["KGZ"].user, _kyrgyz()).status_code == 201


def test_a_sender_registered_on_another_focal_point_of_the_country_is_the_countrys(client, focal_points):
    night = _focal_point("kgz-night", "KGZ", escalation_order=2)
    night.senders = []
    night.save()
    assert _post(client, night.user, _kyrgyz()).status_code == 201


def test_the_atlass_own_sender_for_the_country_is_the_countrys(client, focal_points):
    body = _message("urn:oid:2.49.0.1.417.1.9", sender_for("KGZ"))
    assert _post(client, focal_points["KGZ"].user, body).status_code == 201


def test_a_registered_relay_may_forward_another_countrys_message(client, focal_points):
    hub = focal_points["centre"]
    hub.is_relay = True
    hub.save()
    response = _post(client, hub.user, _kyrgyz(), HTTP_ACCEPT="application/json")
    assert response.status_code == 201
    assert Alert.objects.get(pk=response.json()["id"]).received_from == hub


def test_the_regional_centre_that_is_no_relay_may_not_post_a_countrys_sender(client, focal_points):
    assert _post(client, focal_points["centre"].user, _kyrgyz()).status_code == 403


def test_a_regional_administrator_posting_for_no_focal_point_is_taken_as_a_relay(client, regional_admin,
                                                                                  focal_points):
    assert _post(client, regional_admin, _kyrgyz()).status_code == 201


def _ack(regional: Alert, serial: int, sender: str) -> bytes:
    sent = bytes(regional.xml).decode().split("<sent>")[1].split("</sent>")[0]
    return _message(f"urn:oid:2.49.0.1.0.9.{serial}", sender, "Ack",
                    f"<references>{regional.sender},{regional.identifier},{sent}</references>")


@pytest.fixture
def regional(kgz_issuer, focal_points) -> Alert:
    """Kyrgyzstan's regional message around Toktogul; Turkmenistan is not among its addressees."""
    regional = send(kgz_issuer)[1]
    assert "tkm-mchs" not in regional.address_tokens()
    assert "uzb-mchs" in regional.address_tokens()
    return regional


def test_an_ack_from_an_addressed_focal_point_is_a_receipt(client, focal_points, regional):
    _post(client, focal_points["UZB"].user, _ack(regional, 1, "uzb@cap.uz.example"))
    assert list(regional.acknowledgements.values_list("kind", flat=True)) == ["receipt"]


def test_an_ack_from_a_focal_point_the_message_was_not_addressed_to_is_kept_flagged(client, focal_points, regional):
    response = _post(client, focal_points["TKM"].user, _ack(regional, 2, "tkm@cap.tm.example"),
                     HTTP_ACCEPT="application/json")
    assert (response.status_code, response.json()["not_addressed"]) == (201, [regional.identifier])
    assert list(regional.acknowledgements.values_list("kind", "focal_point")) == [
        ("unaddressed", focal_points["TKM"].pk)]


def test_an_unaddressed_ack_is_no_receipt(client, focal_points, regional):
    _post(client, focal_points["TKM"].user, _ack(regional, 2, "tkm@cap.tm.example"))
    assert not regional.acknowledgements.filter(kind__in=[Acknowledgement.Kind.RECEIPT,
                                                          Acknowledgement.Kind.OPERATOR]).exists()


def test_an_ack_from_a_focal_point_the_message_was_delivered_to_is_a_receipt(client, focal_points, regional):
    """Escalation notifies contacts beyond the addresses: a delivery makes its focal point a recipient."""
    Delivery.objects.create(alert=regional, focal_point=focal_points["TKM"], channel=Delivery.Channel.EMAIL,
                            state=Delivery.State.DELIVERED)
    _post(client, focal_points["TKM"].user, _ack(regional, 3, "tkm@cap.tm.example"))
    assert list(regional.acknowledgements.values_list("kind", flat=True)) == ["receipt"]


def test_the_dashboard_does_not_count_an_unaddressed_ack(client, focal_points, regional, regional_admin):
    Acknowledgement.objects.create(alert=regional, focal_point=focal_points["UZB"], kind="unaddressed")
    row = next(row for incident in incidents(regional_admin) for row in incident.recipients
               if row.focal_point == focal_points["UZB"])
    assert (row.received, row.errors) == (None, [])
