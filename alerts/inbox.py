"""The inbox: CAP messages from the neighbours' systems (Alert, Update, Cancel, Ack, Error).

Parsed safely (no DTD, no entities, no network), validated against the XSD and the profile rules, deduplicated
on (sender, identifier, sent) in their sender's namespace (a received message that carries one of our identifiers
is kept as the neighbour's and never blocks or stands in for ours), linked to the messages they reference. A Cancel
or Update of another sender's message is refused; a message whose references are unknown is kept and flagged; an
Ack records the receipt of the regional message it references, an Error records the neighbour's note. Where the
focal point pins a certificate, only messages signed with its key pass (alerts.signing). A refused message is kept
and answered with a CAP Error (alerts.rejections); what one focal point may post is bounded (alerts.limits). The
polled external feeds take the same path (`message_ingest`)."""

import hashlib
from collections.abc import Callable
from datetime import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from hazards.access import is_admin
from hazards.errors import DomainError, Forbidden

from .cap import CAP, cap_time_parse, is_own_sender
from .limits import inbox_rate_check, inbox_too_large
from .models import Acknowledgement, Alert, FocalPoint, RejectedMessage
from .rejections import rejection_record
from .selectors import focal_points_of
from .signing import verified_root
from .validation import cap_errors, parse_safely

HEADER = {"identifier": "identifier", "sender": "sender", "status": "status", "msg_type": "msgType",
          "scope": "scope", "restriction": "restriction", "addresses": "addresses", "note": "note",
          "references": "references", "incidents": "incidents"}


def _text(root, name: str) -> str:
    element = root.find(CAP + name)
    return (element.text or "").strip() if element is not None else ""


def _read(data: bytes, focal_point: FocalPoint | None):
    """The message's root, once it is safe XML, signed as its focal point requires and valid CAP 1.2; else the
    DomainError that refuses it (with `reasons`)."""
    try:
        root = parse_safely(data)
    except ValueError as exc:
        raise DomainError("invalid_xml", str(exc), reasons=[str(exc)]) from None
    if focal_point is not None and focal_point.certificate.strip():
        root = verified_root(data, root, focal_point.certificate, focal_point.address)
    errors = cap_errors(root)
    if errors:
        raise DomainError("invalid_cap", _("the message is not valid CAP 1.2: %(reasons)s")
                          % {"reasons": "; ".join(errors)}, reasons=errors)
    return root


def message_keyed(*, sender: str, identifier: str, sent: datetime):
    """The message CAP's (sender, identifier, sent) names, in its sender's namespace: one of ours (sent) for our own
    senders, else a received one, so a received message that copies one of our keys never stands in for ours."""
    state = Alert.State.SENT if is_own_sender(sender) else Alert.State.RECEIVED
    return Alert.objects.filter(state=state, sender=sender, identifier=identifier, sent=sent)


def _referenced(references: str) -> tuple[list[Alert], bool]:
    """The known messages a references list names, and whether any is unknown."""
    found, unknown = [], False
    for triple in references.split():
        sender, identifier, sent = triple.split(",")
        message = message_keyed(sender=sender, identifier=identifier, sent=cap_time_parse(sent)).first()
        if message is None:
            unknown = True
        else:
            found.append(message)
    return found, unknown


def _acknowledge(message: Alert, referenced: list[Alert], focal_point: FocalPoint | None) -> list[str]:
    kind = {Alert.MsgType.ACK: Acknowledgement.Kind.RECEIPT, Alert.MsgType.ERROR: Acknowledgement.Kind.ERROR}
    if message.msg_type not in kind:
        return []
    ours = [alert for alert in referenced if alert.state == Alert.State.SENT]
    for alert in ours:
        Acknowledgement.objects.create(alert=alert, focal_point=focal_point, kind=kind[message.msg_type],
                                       message=message, note=message.note)
    return [alert.identifier for alert in ours]


def _focal_point(user) -> FocalPoint | None:
    point = focal_points_of(user).first()
    if point is None and not is_admin(user):
        raise Forbidden("not_focal_point", _("only the system of a registered focal point may post to the inbox"))
    return point


def inbox_receive(*, read: Callable[[int], bytes | None], user, now: datetime) -> dict:
    """Take one CAP message posted by `user` (a focal point's account) at `now`; `read(limit)` gives the posted
    bytes, or None when there are more than `limit`. Returns what became of the message. A refusal raises the
    DomainError with `reply`, the CAP Error answering it (kept as alerts.rejections and alerts.limits say): over the
    rate limit (alerts.limits.RateLimited, with `retry_after`), too large (TooLarge), or not acceptable."""
    focal_point = _focal_point(user)
    data = read(settings.CAP_INBOX_MAX_BYTES)
    inbox_rate_check(focal_point=focal_point, user=user, data=data or b"", now=now)
    if data is None:
        raise inbox_too_large(focal_point=focal_point, user=user)
    return message_ingest(data=data, focal_point=focal_point, user=user)


def message_ingest(*, data: bytes, focal_point: FocalPoint | None, user=None,
                   source: str = RejectedMessage.Source.INBOX, url: str = "") -> dict:
    """The one path of a received CAP message (the inbox and the polled feeds): read, verify, deduplicate,
    link, record acknowledgements. A refused message is kept (alerts.rejections) and its DomainError re-raised."""
    try:
        root = _read(data, focal_point)
        return _store(root, data, focal_point)
    except DomainError as exc:
        rejection_record(exc, data=data, focal_point=focal_point, user=user, source=source, url=url,
                         read_again=lambda: _read(data, focal_point))
        raise


def _store(root, data: bytes, focal_point: FocalPoint | None) -> dict:
    values = {field: _text(root, name) for field, name in HEADER.items()}
    values["sent"] = cap_time_parse(_text(root, "sent"))
    values["code"] = [element.text or "" for element in root.findall(CAP + "code")]
    key = {"sender": values["sender"], "identifier": values["identifier"], "sent": values["sent"]}
    duplicate = Alert.objects.filter(state=Alert.State.RECEIVED, **key).first()
    if duplicate is not None:
        return {"result": "duplicate", "id": duplicate.pk, "identifier": duplicate.identifier}
    referenced, unknown = _referenced(values["references"])
    if values["msg_type"] in (Alert.MsgType.UPDATE, Alert.MsgType.CANCEL):
        foreign = [alert.identifier for alert in referenced if alert.sender != values["sender"]]
        if foreign:
            raise Forbidden("foreign_reference", _("only the original sender may update or cancel %(ids)s")
                            % {"ids": ", ".join(foreign)})
    try:
        with transaction.atomic():
            message = Alert.objects.create(**values, state=Alert.State.RECEIVED, track=Alert.Track.EXTERNAL,
                                           received_from=focal_point, unknown_references=unknown,
                                           xml=data, sha256=hashlib.sha256(data).hexdigest())
            message.referenced.set(referenced)
            acknowledged = _acknowledge(message, referenced, focal_point)
    except IntegrityError:  # the same message arrived at the same moment through another request
        duplicate = Alert.objects.get(state=Alert.State.RECEIVED, **key)
        return {"result": "duplicate", "id": duplicate.pk, "identifier": duplicate.identifier}
    return {"result": "accepted", "id": message.pk, "identifier": message.identifier, "msg_type": message.msg_type,
            "unknown_references": unknown, "acknowledged": acknowledged}
