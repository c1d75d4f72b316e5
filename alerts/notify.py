"""Notifying the focal points of a regional message: one Delivery per (message, focal point, channel, step — the
first send or an escalation step), each attempted by a procrastinate job on the `notifications` queue
(alerts.tasks) with retries and exponential backoff. An Alert or Update no longer in force by its attempt is
withdrawn, never sent (alerts.lifecycle.message_in_force).

* webhook — HTTP POST of the exact CAP bytes, signed: `X-CAP-Signature: sha256=<HMAC-SHA256 of the body with the
  focal point's secret>`; `X-CAP-Delivery` carries the delivery's id (one per step: a resend has a new one), for
  tracing — a receiver deduplicates on the message's sender,identifier,sent;
* e-mail — Django's mail (SMTP settings from the environment) with the CAP attached and an acknowledgement link.

Idempotent: the attempt locks its Delivery row and does nothing once it is delivered (or withdrawn), so a retried or
duplicated job never notifies twice nor records a second delivery."""

import hashlib
import hmac
import urllib.request
from datetime import datetime

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.utils import timezone

from hazards.jobs import job_defer

from .cap import CONTENT_TYPE
from .lifecycle import message_in_force
from .mail import acknowledgement_link, notification_email
from .models import Alert, Delivery, Escalation, FocalPoint
from .push import node_post, push_body

ACK_SALT = "alerts.acknowledge"
SIGNATURE_HEADER = "X-CAP-Signature"


def signature(secret: str, body: bytes) -> str:
    """The webhook's signature header value: sha256=<hex HMAC-SHA256 of the body>."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def ack_token(delivery: Delivery) -> str:
    return signing.dumps({"delivery": delivery.pk}, salt=ACK_SALT)


def ack_token_delivery(token: str) -> Delivery | None:
    """The delivery an acknowledgement link was made for (None if the link was tampered with)."""
    try:
        pk = signing.loads(token, salt=ACK_SALT, max_age=settings.CAP_ACK_LINK_DAYS * 86400)["delivery"]
    except (signing.BadSignature, KeyError, TypeError):
        return None
    return Delivery.objects.select_related("alert", "focal_point").filter(pk=pk).first()


def deliveries_queue(alert: Alert, recipients: list[FocalPoint], *,
                     escalation: Escalation | None = None) -> list[Delivery]:
    """Record a queued delivery per channel of each recipient for the first send (`escalation` None) or an
    escalation step, and queue its job once the transaction commits. Each step has its own rows."""
    deliveries = []
    for point in recipients:
        channels = ([Delivery.Channel.WEBHOOK] if point.webhook_url else []) + \
            ([Delivery.Channel.EMAIL] if point.emails else [])
        for channel in channels:
            delivery, _created = Delivery.objects.get_or_create(alert=alert, focal_point=point, channel=channel,
                                                                escalation=escalation)
            deliveries.append(delivery)

    def defer() -> None:
        for delivery in deliveries:
            job_defer("deliver_notification", delivery_id=delivery.pk)

    transaction.on_commit(defer)
    return deliveries


def _webhook(delivery: Delivery, body: bytes) -> None:
    """POST the CAP to the focal point's webhook; a node's inbox gets it with our outbound token (alerts.push)."""
    point = delivery.focal_point
    if point.is_node:
        body = push_body(message=delivery.alert, point=point)
    headers = {"Content-Type": CONTENT_TYPE, SIGNATURE_HEADER: signature(point.webhook_secret, body),
               "X-CAP-Delivery": str(delivery.pk), "User-Agent": "hazards-atlas-cap/1"}
    if point.is_node:
        node_post(point=point, body=body, headers=headers)
        return
    request = urllib.request.Request(point.webhook_url, data=body, method="POST", headers=headers)
    with urllib.request.urlopen(request, timeout=settings.CAP_WEBHOOK_TIMEOUT) as response:
        if not 200 <= response.status < 300:
            raise OSError(f"the webhook answered {response.status}")


def _email(delivery: Delivery, body: bytes) -> None:
    notification_email(delivery, body, ack_link=acknowledgement_link(ack_token(delivery))).send(fail_silently=False)


CHANNELS = {Delivery.Channel.WEBHOOK: _webhook, Delivery.Channel.EMAIL: _email}


def delivery_attempt(delivery_id: int, *, now: datetime | None = None) -> str:
    """Attempt one delivery at `now`; returns its state. A message no longer in force (cancelled, superseded,
    expired) is not sent: its delivery is withdrawn. Raises on failure (the job is retried), after recording it."""
    now = now or timezone.now()
    with transaction.atomic():
        delivery = Delivery.objects.select_for_update().select_related("alert", "focal_point").get(pk=delivery_id)
        if delivery.state in (Delivery.State.DELIVERED, Delivery.State.WITHDRAWN):
            return f"already {delivery.state}"
        if not message_in_force(delivery.alert, now=now):
            delivery.state, delivery.last_error = Delivery.State.WITHDRAWN, ""
            delivery.save()
            return delivery.state
        delivery.attempts += 1
        delivery.last_attempt_at = now
        try:
            CHANNELS[Delivery.Channel(delivery.channel)](delivery, delivery.alert.stored_xml)
        except Exception as exc:
            delivery.state, delivery.last_error = Delivery.State.FAILED, f"{type(exc).__name__}: {exc}"[:2000]
            delivery.save()
            failure = exc
        else:
            delivery.state, delivery.delivered_at, delivery.last_error = Delivery.State.DELIVERED, now, ""
            delivery.save()
            return delivery.state
    raise failure
