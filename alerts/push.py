"""Pushing CAP messages to a node: another atlas, or any national system with a CAP inbox.

A focal point is a node when it has an `outbound_token` (the API token its inbox expects from us) and a webhook
address (its inbox, e.g. https://atlas.kz.example/cap/inbox/). Its webhook deliveries (alerts.notify) then POST
the CAP with `Authorization: Token <outbound token>`, as a national system posts to our inbox, and read the
inbox's answer: 201 accepted or 200 duplicate (the inbox deduplicates on sender, identifier, sent) deliver; any
other answer fails the attempt with the inbox's reason, and the job retries it with backoff. Redirects are never
followed (the token must not go to another address). When the node names a key of ATLAS_CAP_SIGNING
(`signing_key`), what is pushed is signed with that key (the one certificate its inbox pins for us).

What is pushed: the regional messages (Alert, Update, Cancel) addressed to the node, like any webhook, and the
operator Acks of messages the node sent us (alerts.replies.ack_message queues them here)."""

import json
import urllib.error
import urllib.request

from django.conf import settings
from django.db import transaction
from lxml import etree

from hazards.jobs import job_defer

from .cap import CAP, CONTENT_TYPE
from .models import Alert, Delivery, FocalPoint
from .signing import DS, sign, signing_files
from .validation import parse_safely

ANSWER_LIMIT = 64 * 1024  # what is read of an inbox's answer
ACCEPT = "application/json, application/cap+xml;q=0.9"


class PushRefused(OSError):
    """A node's inbox did not take the message: the attempt fails (and the job retries it)."""


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None  # the 3xx is raised as an HTTPError: the token is never sent on to another address


_OPENER = urllib.request.build_opener(_NoRedirect)


def push_body(*, message: Alert, point: FocalPoint) -> bytes:
    """The bytes pushed to `point`: the stored bytes, or, when the node names a signing key, the message with any
    stored signature replaced by one of that key. OSError when that key is not in ATLAS_CAP_SIGNING."""
    stored = message.stored_xml
    if not point.signing_key:
        return stored
    if signing_files(point.signing_key) is None:
        raise OSError(f"ATLAS_CAP_SIGNING has no key {point.signing_key} (the signing key of {point.address})")
    root = parse_safely(stored)
    for signature in root.findall(DS + "Signature"):
        root.remove(signature)
    return sign(etree.tostring(root, xml_declaration=True, encoding="UTF-8"), point.signing_key)


def _reason(answer: bytes, content_type: str) -> str:
    """What a refusing inbox said: the JSON `detail`, the CAP Error's `note`, else the start of the text."""
    try:
        if content_type == "application/json":
            return str(json.loads(answer).get("detail", ""))
        if content_type == CONTENT_TYPE:
            return parse_safely(answer).findtext(CAP + "note", default="")
    except (ValueError, AttributeError):
        pass
    return answer[:300].decode("utf-8", errors="replace")


def node_post(*, point: FocalPoint, body: bytes, headers: dict) -> dict:
    """POST `body` to the node's inbox with `headers` and our outbound token; the inbox's JSON answer when it took
    the message (201 accepted, 200 duplicate). Raises PushRefused with its reason for any other answer, OSError when
    it cannot be reached."""
    request = urllib.request.Request(point.webhook_url, data=body, method="POST", headers={
        **headers, "Authorization": f"Token {point.outbound_token}", "Accept": ACCEPT})
    try:
        with _OPENER.open(request, timeout=settings.CAP_WEBHOOK_TIMEOUT) as response:
            status, answer = response.status, response.read(ANSWER_LIMIT)
    except urllib.error.HTTPError as error:
        reason = _reason(error.read(ANSWER_LIMIT), error.headers.get_content_type())
        raise PushRefused(f"the inbox of {point.address} answered {error.code}: {reason}") from None
    if status not in (200, 201):
        raise PushRefused(f"the inbox of {point.address} answered {status}, not 201 or 200")
    try:
        return json.loads(answer)
    except ValueError:
        return {}


def node_push_queue(*, message: Alert, point: FocalPoint) -> Delivery | None:
    """Queue the push of our `message` (an operator's Ack) to the node `point`: one webhook Delivery, attempted by
    the job deliver_notification once the transaction commits (with its retries). None when `point` is no node."""
    if not point.is_node:
        return None
    delivery, _created = Delivery.objects.get_or_create(alert=message, focal_point=point,
                                                        channel=Delivery.Channel.WEBHOOK)
    transaction.on_commit(lambda: job_defer("deliver_notification", delivery_id=delivery.pk))
    return delivery
