"""The atlas's own answers as CAP messages, header only (no info): the inbox's `Error` replies to a refused
submission and the `Ack` recorded when a duty officer acknowledges a regional message. Both are Private, validated
like every outgoing message and signed where the answering authority has a key."""

import hashlib

from django.conf import settings
from django.contrib.auth.models import User
from django.utils.translation import gettext as _

from hazards.errors import DomainError

from .cap import (
    header_xml,
    now_whole_seconds,
    reference_of,
    reply_identifier_new,
    sender_for,
)
from .models import Alert, FocalPoint
from .push import node_push_queue
from .signing import sign
from .users import AnyUser
from .validation import cap_errors, parse_safely


def _sealed(message: Alert, iso3: str | None, *, require_references: bool = True) -> bytes:
    xml = header_xml(message)
    errors = cap_errors(parse_safely(xml), require_references=require_references)
    if errors:
        raise DomainError("invalid_cap", _("the message is not valid CAP 1.2: %(reasons)s")
                          % {"reasons": "; ".join(errors)}, reasons=errors)
    return sign(xml, iso3)


def _identity(iso3: str | None) -> tuple[str, str]:
    """(identifier, sender) of an answer of a country's authority, or of the hub for None: the identifier's last
    arc is random, never a serial of the sequence (alerts.cap.reply_identifier_new)."""
    return reply_identifier_new(iso3), sender_for(iso3)


def acknowledging_authority(iso3: str | None) -> str | None:
    """Whose Ack it is: the acknowledging country's own authority only when this instance is that country's node
    (ATLAS_NODE_COUNTRY); else the hub's (None) — the hub never mints in a neighbour's identifier range."""
    return iso3 if iso3 and iso3 == settings.ATLAS_NODE_COUNTRY else None


def error_reply(*, reasons: list[str], address: str, reference: str = "", status: str = "Actual") -> bytes:
    """The hub's CAP Error to `address` about the message `reference` (empty when it could not be read); the
    note is the reasons, joined."""
    identifier, sender = _identity(None)
    message = Alert(identifier=identifier, sender=sender, sent=now_whole_seconds(), status=status,
                    msg_type=Alert.MsgType.ERROR, scope=Alert.Scope.PRIVATE, addresses=address, references=reference,
                    note="; ".join(reasons), code=[])
    return _sealed(message, None, require_references=False)


def _sender_address(alert: Alert) -> str:
    """The focal point a received message came from; for one of ours, the focal point of its country (first in its
    chain), else the regional centre."""
    if alert.state == Alert.State.RECEIVED and alert.received_from is not None:
        return alert.received_from.address
    points = FocalPoint.objects.filter(active=True)
    point = points.filter(country=alert.source_country, is_regional_centre=False).order_by("escalation_order").first() \
        or points.filter(is_regional_centre=True).first()
    return point.address if point else alert.sender


def ack_message(*, alert: Alert, focal_point: FocalPoint | None, note: str, user: AnyUser | None) -> Alert:
    """Record the CAP Ack of an operator acknowledgement of `alert`, addressed to the original sender's focal point:
    in the acknowledging country's range and signed with its key on that country's own node, else (the regional
    hub, the regional centre) under the hub's OID and key. The Ack of a message received from a node is pushed back
    to that node's inbox (alerts.push)."""
    country = focal_point.country if focal_point else None
    iso3 = acknowledging_authority(country.iso3 if country else None)
    identifier, sender = _identity(iso3)
    message = Alert(identifier=identifier, sender=sender, sent=now_whole_seconds(), status=alert.status,
                    msg_type=Alert.MsgType.ACK, scope=Alert.Scope.PRIVATE, addresses=_sender_address(alert),
                    references=reference_of(alert), incidents=alert.incidents, note=note, code=[],
                    source_country=country, hazard_type=alert.hazard_type,
                    issuer=user if isinstance(user, User) else None,
                    state=Alert.State.SENT, track=Alert.Track.REGIONAL)
    message.xml = _sealed(message, iso3)
    message.sha256 = hashlib.sha256(message.xml).hexdigest()
    message.save()
    message.referenced.set([alert])
    if alert.state == Alert.State.RECEIVED and alert.received_from is not None:
        node_push_queue(message=message, point=alert.received_from)
    return message
