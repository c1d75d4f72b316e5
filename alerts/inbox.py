"""The inbox: CAP messages from the neighbours' systems (Alert, Update, Cancel, Ack, Error).

Read tolerantly (alerts.reading): parsed safely (no DTD, no entities, no network), CAP 1.1 and 1.0 converted to 1.2,
refused only by the XSD, the profile's rules kept as warnings on the stored message. A message is taken only from
a focal point that may use its `sender` (alerts.senders: its country's senders, or a relay). Deduplicated on
(sender, identifier, sent) in their sender's namespace (a received message that carries one of our identifiers
is kept as the neighbour's and never blocks or stands in for ours), linked to the messages they reference, and the
earlier messages that were waiting for it linked to it (alerts.references). A Cancel or Update of another sender's
message is refused; a message whose references are unknown is kept and flagged; an Ack records the receipt of the
regional message it references when it comes from a focal point the message was addressed or delivered to (any
other is kept as `unaddressed`, never a receipt); an Error records the neighbour's note. Where the focal point
pins a certificate, only messages signed with its key pass (alerts.signing). A refused message is kept and
answered with a CAP Error (alerts.rejections); what one focal point may post is bounded (alerts.limits). The
polled external feeds take the same path (`message_ingest`)."""

import hashlib
from collections.abc import Callable
from datetime import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from lxml import etree

from hazards.access import is_admin
from hazards.errors import DomainError, Forbidden

from .cap import CAP, cap_time_parse
from .limits import inbox_rate_check, inbox_too_large
from .models import Acknowledgement, Alert, FocalPoint, RejectedMessage
from .reading import LANGUAGES, Reading, message_read
from .recipients import recipients_of
from .references import message_keyed, references_found, references_resolve
from .rejections import rejection_record
from .selectors import focal_points_of
from .senders import sender_check
from .users import AnyUser

__all__ = ["inbox_receive", "message_ingest", "message_keyed"]

HEADER = {"identifier": "identifier", "sender": "sender", "status": "status", "msg_type": "msgType",
          "scope": "scope", "restriction": "restriction", "addresses": "addresses", "note": "note",
          "references": "references", "incidents": "incidents"}


def _text(root: etree._Element, name: str) -> str:
    element = root.find(CAP + name)
    return (element.text or "").strip() if element is not None else ""


def _checked(data: bytes, focal_point: FocalPoint | None) -> Reading:
    """The message read (alerts.reading.message_read) and its sender one the focal point may use."""
    reading = message_read(data, focal_point)
    sender_check(sender=_text(reading.root, "sender"), focal_point=focal_point)
    return reading


def _receipt_kind(alert: Alert, focal_point: FocalPoint | None) -> str:
    """A CAP Ack is a receipt only from a focal point `alert` was addressed or delivered to (escalation notifies
    contacts beyond the addresses)."""
    if focal_point is not None and recipients_of(alert).filter(pk=focal_point.pk).exists():
        return Acknowledgement.Kind.RECEIPT
    return Acknowledgement.Kind.UNADDRESSED


def _acknowledge(message: Alert, referenced: list[Alert], focal_point: FocalPoint | None) -> dict[str, list]:
    """Record the Ack or Error `message` on each of our messages it references: {"acknowledged": identifiers
    recorded (receipts, errors), "not_addressed": identifiers of which the Ack is kept as unaddressed}."""
    recorded: dict[str, list] = {"acknowledged": [], "not_addressed": []}
    if message.msg_type not in (Alert.MsgType.ACK, Alert.MsgType.ERROR):
        return recorded
    for alert in (alert for alert in referenced if alert.state == Alert.State.SENT):
        kind = _receipt_kind(alert, focal_point) if message.msg_type == Alert.MsgType.ACK else \
            Acknowledgement.Kind.ERROR
        Acknowledgement.objects.create(alert=alert, focal_point=focal_point, kind=kind, message=message,
                                       note=message.note)
        recorded["not_addressed" if kind == Acknowledgement.Kind.UNADDRESSED else "acknowledged"].append(
            alert.identifier)
    return recorded


def _focal_point(user: AnyUser) -> FocalPoint | None:
    point = focal_points_of(user).first()
    if point is None and not is_admin(user):
        raise Forbidden("not_focal_point", _("only the system of a registered focal point may post to the inbox"))
    return point


def inbox_receive(*, read: Callable[[int], bytes | None], user: AnyUser, now: datetime) -> dict:
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


def message_ingest(*, data: bytes, focal_point: FocalPoint | None, user: AnyUser | None = None,
                   source: str = RejectedMessage.Source.INBOX, url: str = "") -> dict:
    """The one path of a received CAP message (the inbox, the polled feeds, other nodes' pushes): read, verify,
    authenticate the sender, deduplicate, link, record acknowledgements. A refused message is kept
    (alerts.rejections) and its DomainError re-raised."""
    try:
        reading = _checked(data, focal_point)
        return _store(reading, data, focal_point)
    except DomainError as exc:
        rejection_record(exc, data=data, focal_point=focal_point, user=user, source=source, url=url,
                         read_again=lambda: _store_check(data, focal_point))
        raise


def _store_check(data: bytes, focal_point: FocalPoint | None) -> None:
    """Every check of the path again, storing nothing (the refusal's reasons in another language)."""
    reading = _checked(data, focal_point)
    _foreign_check(_text(reading.root, "msgType"), _text(reading.root, "sender"),
                   references_found(_text(reading.root, "references"))[0])


def _foreign_check(msg_type: str, sender: str, referenced: list[Alert]) -> None:
    if msg_type in (Alert.MsgType.UPDATE, Alert.MsgType.CANCEL):
        foreign = [alert.identifier for alert in referenced if alert.sender != sender]
        if foreign:
            raise Forbidden("foreign_reference", _("only the original sender may update or cancel %(ids)s")
                            % {"ids": ", ".join(foreign)})


def _store(reading: Reading, data: bytes, focal_point: FocalPoint | None) -> dict:
    root = reading.root
    values = {field: _text(root, name) for field, name in HEADER.items()}
    sent = cap_time_parse(_text(root, "sent"))
    code = [element.text or "" for element in root.findall(CAP + "code")]
    key = {"sender": values["sender"], "identifier": values["identifier"], "sent": sent}
    duplicate = Alert.objects.filter(state=Alert.State.RECEIVED, **key).first()
    if duplicate is not None:
        return {"result": "duplicate", "id": duplicate.pk, "identifier": duplicate.identifier}
    referenced, unknown = references_found(values["references"])
    _foreign_check(values["msg_type"], values["sender"], referenced)
    warnings = reading.warnings_translated()
    try:
        with transaction.atomic():
            message = Alert.objects.create(**values, sent=sent, code=code, state=Alert.State.RECEIVED,
                                           track=Alert.Track.EXTERNAL, received_from=focal_point,
                                           unknown_references=unknown, intake_warnings=warnings, xml=data,
                                           sha256=hashlib.sha256(data).hexdigest())
            message.referenced.set(referenced)
            references_resolve(message)
            acknowledged = _acknowledge(message, referenced, focal_point)
    except IntegrityError:  # the same message arrived at the same moment through another request
        duplicate = Alert.objects.get(state=Alert.State.RECEIVED, **key)
        return {"result": "duplicate", "id": duplicate.pk, "identifier": duplicate.identifier}
    return {"result": "accepted", "id": message.pk, "identifier": message.identifier, "msg_type": message.msg_type,
            "unknown_references": unknown, **acknowledged,
            "warnings": [warning[_language()] for warning in warnings]}


def _language() -> str:
    """The language of the answer: the request's, when the atlas writes it, else English."""
    language = (get_language() or "")[:2]
    return language if language in LANGUAGES else "en"
