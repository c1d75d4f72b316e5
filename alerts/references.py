"""The messages a received CAP message references, whatever order they arrive in.

A message names earlier ones by CAP's key (sender, identifier, sent). One whose references are not all known when
it arrives is kept and flagged (`unknown_references`); when a message it names arrives later — through the inbox,
a polled feed or another node's push, in any order — `references_resolve` links it and clears the flag once every
reference is known. An Update or Cancel is linked only to messages of its own sender: a neighbour's early Cancel
never takes hold of another sender's Alert that arrives after it."""

from datetime import datetime

from django.db.models import QuerySet

from hazards.errors import DomainError

from .cap import cap_time_parse, is_own_sender
from .models import Alert

SUPERSEDING = (Alert.MsgType.UPDATE, Alert.MsgType.CANCEL)


def message_keyed(*, sender: str, identifier: str, sent: datetime) -> QuerySet[Alert]:
    """The message CAP's (sender, identifier, sent) names, in its sender's namespace: one of ours (sent) for our own
    senders, else a received one, so a received message that copies one of our keys never stands in for ours."""
    state = Alert.State.SENT if is_own_sender(sender) else Alert.State.RECEIVED
    return Alert.objects.filter(state=state, sender=sender, identifier=identifier, sent=sent)


def _triple(text: str) -> tuple[str, str, datetime] | None:
    parts = text.split(",")
    if len(parts) != 3 or not all(parts):
        return None
    try:
        return parts[0], parts[1], cap_time_parse(parts[2])
    except DomainError:
        return None


def references_found(references: str) -> tuple[list[Alert], bool]:
    """The known messages a references list names, and whether any is unknown (a reference that is no
    sender,identifier,sent triple counts as unknown: the profile's warnings say why)."""
    found, unknown = [], False
    for text in references.split():
        triple = _triple(text)
        message = None if triple is None else message_keyed(sender=triple[0], identifier=triple[1],
                                                            sent=triple[2]).first()
        if message is None:
            unknown = True
        else:
            found.append(message)
    return found, unknown


def references_resolve(message: Alert) -> list[Alert]:
    """Link the earlier-received messages flagged `unknown_references` that name `message` (just stored) and clear
    their flag when all their references are now known; an Update or Cancel of another sender is left flagged.
    Returns the messages linked."""
    waiting = Alert.objects.filter(state=Alert.State.RECEIVED, unknown_references=True,
                                   references__contains=f"{message.sender},{message.identifier},")
    linked = []
    for earlier in waiting.exclude(pk=message.pk):
        if earlier.msg_type in SUPERSEDING and earlier.sender != message.sender:
            continue
        found, unknown = references_found(earlier.references)
        if message not in found:
            continue
        earlier.referenced.add(message)
        if not unknown:
            earlier.unknown_references = False
            earlier.save(update_fields=["unknown_references"])
        linked.append(earlier)
    return linked
