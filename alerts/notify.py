"""Notifying the focal points of a regional message: one Delivery per (message, focal point, channel), each
attempted by a procrastinate job on the `notifications` queue (alerts.tasks) with retries and exponential backoff.

* webhook — HTTP POST of the exact CAP bytes, signed: `X-CAP-Signature: sha256=<HMAC-SHA256 of the body with the
  focal point's secret>`; `X-CAP-Delivery` carries the delivery's id so a receiver can drop a repeat;
* e-mail — Django's mail (SMTP settings from the environment) with the CAP attached and an acknowledgement link.

Idempotent: the attempt locks its Delivery row and does nothing once it is delivered, so a retried or duplicated
job never notifies twice nor records a second delivery."""

import hashlib
import hmac
import urllib.request

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from .cap import CONTENT_TYPE
from .models import Alert, Delivery, FocalPoint
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


def deliveries_queue(alert: Alert, recipients: list[FocalPoint]) -> list[Delivery]:
    """Record a queued delivery per channel of each recipient and queue its job once the transaction commits."""
    deliveries = []
    for point in recipients:
        channels = ([Delivery.Channel.WEBHOOK] if point.webhook_url else []) + \
            ([Delivery.Channel.EMAIL] if point.emails else [])
        for channel in channels:
            delivery, _created = Delivery.objects.get_or_create(alert=alert, focal_point=point, channel=channel)
            deliveries.append(delivery)

    def defer():
        from .tasks import deliver_notification

        for delivery in deliveries:
            deliver_notification.defer(delivery_id=delivery.pk)

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
    alert, point = delivery.alert, delivery.focal_point
    language = next((code for code in point.languages if code in ("ru", "en", "kk")), "ru")
    info = alert.infos.filter(language=language).first() or alert.infos.first()
    link = settings.ATLAS_PUBLIC_URL.rstrip("/") + reverse("cap-acknowledge", args=[ack_token(delivery)])
    with override(language):
        subject = f"[CAP {alert.status}] {info.headline or info.event}" if info else f"[CAP] {alert.identifier}"
        text = "\n\n".join(part for part in [
            info.headline if info else "", info.description if info else "", info.instruction if info else "",
            _("Identifier: %(identifier)s") % {"identifier": alert.identifier},
            _("Acknowledge this message: %(link)s") % {"link": link}] if part)
    message = EmailMessage(subject=subject, body=text, to=point.emails)
    message.attach(f"{alert.identifier.replace(':', '_')}.xml", body, CONTENT_TYPE)
    message.send(fail_silently=False)


CHANNELS = {Delivery.Channel.WEBHOOK: _webhook, Delivery.Channel.EMAIL: _email}


def delivery_attempt(delivery_id: int) -> str:
    """Attempt one delivery; returns its state. Raises on failure (the job is retried), after recording it."""
    with transaction.atomic():
        delivery = Delivery.objects.select_for_update().select_related("alert", "focal_point").get(pk=delivery_id)
        if delivery.state == Delivery.State.DELIVERED:
            return "already delivered"
        delivery.attempts += 1
        delivery.last_attempt_at = timezone.now()
        try:
            CHANNELS[delivery.channel](delivery, bytes(delivery.alert.xml))
        except Exception as exc:
            delivery.state, delivery.last_error = Delivery.State.FAILED, f"{type(exc).__name__}: {exc}"[:2000]
            delivery.save()
            failure = exc
        else:
            delivery.state, delivery.delivered_at, delivery.last_error = Delivery.State.DELIVERED, timezone.now(), ""
            delivery.save()
            return delivery.state
    raise failure
