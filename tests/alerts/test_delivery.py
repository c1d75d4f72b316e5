"""Notifications for real: a webhook receiver (http.server) and an SMTP server (aiosmtpd) on loopback receive the
regional message through the job function; the signature is verified; retries never deliver twice."""

import hashlib
import hmac
from datetime import UTC, datetime
from email import message_from_bytes
from types import SimpleNamespace

import pytest

from alerts.models import Alert, Delivery
from alerts.notify import SIGNATURE_HEADER, delivery_attempt
from alerts.tasks import deliver_notification

from .conftest import draft_payload, token_header

pytestmark = pytest.mark.django_db


def _send(client, user):
    headers = token_header(user)
    draft = client.post("/api/v1/alerts/", draft_payload(), content_type="application/json", **headers).json()
    return Alert.objects.get(pk=client.post(f"/api/v1/alerts/{draft['id']}/send/", **headers).json()["regional"]["id"])


def test_webhook_and_email_reach_the_neighbour(client, kgz_issuer, focal_points, receiver, smtp):
    uzb = focal_points["UZB"]
    uzb.webhook_url, uzb.emails = receiver.url, ["duty@mchs.uz.example"]
    uzb.save()
    regional = _send(client, kgz_issuer)
    for delivery in Delivery.objects.filter(alert=regional, focal_point=uzb):
        assert deliver_notification(delivery_id=delivery.pk) == "delivered"
    headers, body = receiver.received[0]
    assert body == bytes(regional.xml)
    expected = "sha256=" + hmac.new(uzb.webhook_secret.encode(), body, hashlib.sha256).hexdigest()
    assert hmac.compare_digest(headers[SIGNATURE_HEADER], expected)
    assert headers["Content-Type"] == "application/cap+xml"
    recipients, raw = smtp.messages[0]
    assert recipients == ["duty@mchs.uz.example"]
    mail = message_from_bytes(raw)
    attachment = next(part for part in mail.walk() if part.get_content_type() == "application/cap+xml")
    assert attachment.get_payload(decode=True) == bytes(regional.xml)
    text = next(part for part in mail.walk() if part.get_content_type() == "text/plain").get_payload(decode=True)
    link = next(word for word in text.decode().split() if "/cap/acknowledge/" in word)
    path = link.split("127.0.0.1:8000", 1)[1]
    assert client.get(path).status_code == 200
    assert client.post(path, {"note": "получено"}).status_code == 200
    assert regional.acknowledgements.get(kind="operator").focal_point == uzb
    assert set(Delivery.objects.filter(alert=regional, focal_point=uzb).values_list("state", flat=True)) == \
        {"delivered"}


def test_a_failed_webhook_is_retried_until_the_receiver_comes_back_and_never_twice(client, kgz_issuer,
                                                                                    focal_points, receiver):
    uzb = focal_points["UZB"]
    uzb.webhook_url = receiver.url
    uzb.save()
    regional = _send(client, kgz_issuer)
    delivery = Delivery.objects.get(alert=regional, focal_point=uzb, channel="webhook")
    receiver.down = True
    for _ in range(2):
        with pytest.raises(OSError):
            delivery_attempt(delivery.pk)
    delivery.refresh_from_db()
    assert delivery.state == "failed"
    assert delivery.attempts == 2
    assert "503" in delivery.last_error
    receiver.down = False
    assert delivery_attempt(delivery.pk) == "delivered"
    assert delivery_attempt(delivery.pk) == "already delivered"  # a duplicated job does nothing
    assert len(receiver.received) == 1
    delivery.refresh_from_db()
    assert delivery.attempts == 3
    assert delivery.delivered_at is not None
    assert Delivery.objects.filter(alert=regional, focal_point=uzb).count() == 1


def test_the_notification_job_retries_with_exponential_backoff():
    strategy = deliver_notification.retry_strategy
    assert strategy.max_attempts >= 5
    now = datetime.now(UTC)
    waits = [(strategy.get_retry_decision(exception=OSError(), job=SimpleNamespace(attempts=n)).retry_at - now)
             .total_seconds() for n in range(3)]
    assert [round(wait) for wait in waits] == [2, 4, 8]
    assert strategy.get_retry_decision(exception=OSError(),
                                       job=SimpleNamespace(attempts=strategy.max_attempts)) is None
    assert deliver_notification.queue == "notifications"
