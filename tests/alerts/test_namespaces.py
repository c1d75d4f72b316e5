"""CAP serials that a neighbour can neither exhaust nor guess into a failure: received messages live in their
sender's namespace, so forged posts that carry our next identifiers never block our own send, and the atlas's
answers (Error, Ack) reveal nothing of the sequence the serials come from."""

from datetime import timedelta

import pytest
from django.db import connection

from alerts.cap import CAP, now_whole_seconds, sender_for
from alerts.models import Alert
from alerts.validation import parse_safely

from .conftest import draft_payload, token_header

pytestmark = pytest.mark.django_db

FORGED = """<?xml version="1.0" encoding="UTF-8"?>
<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">
  <identifier>{identifier}</identifier><sender>{sender}</sender><sent>{sent}</sent>
  <status>Actual</status><msgType>Alert</msgType><scope>Private</scope><addresses>cesdrr-centre</addresses>
</alert>"""
SERIALS_AHEAD = 4  # our next identifiers the neighbour forges (one send takes two)
SECONDS_AHEAD = 60  # and for each, every `sent` of the next minute: 240 posts


def _serial_last() -> int:
    """The last value the identifiers' sequence gave (what the Error replies revealed before the fix)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT last_value FROM alerts_cap_serial")
        return cursor.fetchone()[0]


def _serial_next() -> int:
    """The serial the sequence gives next: what an attacker who read the replies (or our feeds) expects."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT last_value + CASE WHEN is_called THEN 1 ELSE 0 END FROM alerts_cap_serial")
        return cursor.fetchone()[0]


def _post(client, user, body: bytes):
    return client.post("/cap/inbox/", body, content_type="application/cap+xml", **token_header(user))


def _forged_posts(client, user, *, authority: int) -> tuple[list[int], object]:
    """Post our next identifiers as Kyrgyzstan's for every second of the next minute; their statuses and start."""
    first, start = _serial_next(), now_whole_seconds()
    statuses = []
    for serial in range(first, first + SERIALS_AHEAD):
        for second in range(SECONDS_AHEAD):
            sent = (start + timedelta(seconds=second)).strftime("%Y-%m-%dT%H:%M:%S-00:00")
            body = FORGED.format(identifier=f"urn:oid:2.49.0.1.417.{authority}.{serial}", sender=sender_for("KGZ"),
                                 sent=sent).encode()
            statuses.append(_post(client, user, body).status_code)
    return statuses, start


def _ack_of(message: Alert) -> bytes:
    """Uzbekistan's system acknowledging `message` by its CAP key."""
    sent = bytes(message.xml).decode().split("<sent>")[1].split("</sent>")[0]
    ack = FORGED.replace("<msgType>Alert</msgType>", "<msgType>Ack</msgType>").replace(
        "</addresses>", f"</addresses><references>{message.sender},{message.identifier},{sent}</references>")
    return ack.format(identifier="urn:oid:2.49.0.1.860.9.77", sender="uzb@cap.uz.example",
                      sent="2025-04-01T10:00:00+05:00").encode()


def test_forged_messages_with_our_next_serials_never_block_kyrgyzstans_send(client, settings, kgz_issuer,
                                                                              focal_points):
    """The attack of issue 28: a real focal point's token, 240 messages carrying our next serials under Kyrgyzstan's
    sender for every second of the next minute, then Kyrgyzstan's duty officer sends through the API. Since issue
    27 only a relay may post another country's sender: the attacker holds a relay's token (a hub's system
    compromised), the worst case left."""
    settings.CAP_INBOX_RATE = settings.CAP_INBOX_BURST = 10_000  # the attack is not slowed down here
    uzb, headers = focal_points["UZB"], token_header(kgz_issuer)
    uzb.is_relay = True
    uzb.save(update_fields=["is_relay"])
    draft = client.post("/api/v1/alerts/", draft_payload(), content_type="application/json", **headers).json()
    statuses, _start = _forged_posts(client, uzb.user, authority=settings.CAP_AUTHORITY)
    send = client.post(f"/api/v1/alerts/{draft['id']}/send/", **headers)
    assert set(statuses) == {201}  # every forged message was taken, as the neighbour's
    assert send.status_code == 201
    national = Alert.objects.get(pk=send.json()["national"]["id"])
    regional = Alert.objects.get(pk=send.json()["regional"]["id"])
    # The attack was real: a forged message holds exactly our national alert's (sender, identifier, sent).
    assert Alert.objects.filter(state=Alert.State.RECEIVED, sender=national.sender, identifier=national.identifier,
                                sent=national.sent).count() == 1
    assert Alert.objects.filter(state=Alert.State.SENT, identifier=national.identifier).count() == 1
    assert client.get(f"/cap/alerts/{national.identifier}.xml").content == bytes(national.xml)
    copies = Alert.objects.filter(identifier=regional.identifier).exclude(pk=regional.pk)
    assert {(m.state, m.received_from_id) for m in copies} == {(Alert.State.RECEIVED, uzb.pk)}
    # A neighbour's Ack by our message's key reaches ours, not a forged copy.
    ack = client.post("/cap/inbox/", _ack_of(regional), content_type="application/cap+xml",
                      HTTP_ACCEPT="application/json", **token_header(uzb.user))
    assert ack.json()["acknowledged"] == [regional.identifier]


def _reply_arc(response) -> int:
    return int(parse_safely(response.content).findtext(CAP + "identifier").rsplit(".", 1)[1])


def test_error_replies_do_not_reveal_the_sequences_serials(client, focal_points):
    uzb = focal_points["UZB"].user
    arcs = [_reply_arc(_post(client, uzb, b"<not-cap/>")) for _ in range(2)]
    assert _serial_last() not in arcs


def test_two_error_replies_are_not_consecutive(client, focal_points):
    uzb = focal_points["UZB"].user
    first, second = (_reply_arc(_post(client, uzb, b"<not-cap/>")) for _ in range(2))
    assert abs(second - first) > 1


def test_an_operator_ack_does_not_reveal_the_sequences_serials(client, kgz_issuer, focal_points):
    headers = token_header(kgz_issuer)
    draft = client.post("/api/v1/alerts/", draft_payload(), content_type="application/json", **headers).json()
    regional = client.post(f"/api/v1/alerts/{draft['id']}/send/", **headers).json()["regional"]
    ack = client.post(f"/api/v1/alerts/{regional['id']}/acknowledge/", {"note": "принято"},
                      content_type="application/json", **token_header(focal_points["UZB"].user)).json()
    assert int(ack["message"].rsplit(".", 1)[1]) != _serial_last()
