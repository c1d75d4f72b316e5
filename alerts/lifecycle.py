"""The one rule of what a sent message is at a time `now`: in force, updated, cancelled or expired. Passports, the
map, the OGC API collection `alerts`, the alerts' tiles, the feeds, the dashboard and the public page of an alert
all ask it (a test runs them over the same sequences of send, update, cancel and a moved clock).

For a sent Alert, Update or Cancel, in this order:

* **cancelled** — it is a Cancel, or a sent Cancel references it, or its incident has a sent Cancel on its track;
* **updated** — a later sent Alert or Update references it (an Ack or an Error references without superseding);
* **expired** — its `expires` is at or before `now`;
* **in force** — otherwise.

Acks and Errors are answers, not warnings: they have no state (an empty string)."""

from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING, TypedDict

from django.db.models import Case, CharField, Exists, OuterRef, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import pgettext_lazy

from .models import Alert

if TYPE_CHECKING:  # django-stubs' helper, installed with the type checker only
    from django_stubs_ext import WithAnnotations

WARNINGS = (Alert.MsgType.ALERT, Alert.MsgType.UPDATE)
SUPERSEDING = (Alert.MsgType.ALERT, Alert.MsgType.UPDATE, Alert.MsgType.CANCEL)


class LifecycleAnnotation(TypedDict):
    lifecycle: str  # a Lifecycle state, or "" (alerts_with_lifecycle)


class Lifecycle:
    """The states of a sent message, and their names in the reader's language."""

    IN_FORCE = "in_force"
    UPDATED = "updated"
    CANCELLED = "cancelled"
    EXPIRED = "expired"
    LABELS = {IN_FORCE: pgettext_lazy("alert state", "in force"),
              UPDATED: pgettext_lazy("alert state", "updated by a newer message"),
              CANCELLED: pgettext_lazy("alert state", "cancelled"), EXPIRED: pgettext_lazy("alert state", "expired")}


def superseding_references(msg_types: Iterable[str] = SUPERSEDING) -> QuerySet:
    """References of the message `OuterRef("pk")` by a later sent message of `msg_types` (by default Alert, Update
    or Cancel: what supersedes it)."""
    return Alert.referenced.through.objects.filter(
        to_alert=OuterRef("pk"), from_alert__state=Alert.State.SENT, from_alert__msg_type__in=list(msg_types))


def _incident_cancelled() -> QuerySet:
    return Alert.objects.filter(state=Alert.State.SENT, msg_type=Alert.MsgType.CANCEL,
                                incidents=OuterRef("incidents"), track=OuterRef("track")).exclude(incidents="")


def cancelled_q() -> Q:
    """The messages that are Cancels or were called off: referenced by a sent Cancel, or of an incident with a
    sent Cancel on their track."""
    return (Q(msg_type=Alert.MsgType.CANCEL) | Q(Exists(superseding_references([Alert.MsgType.CANCEL])))
            | Q(Exists(_incident_cancelled())))


def alerts_with_lifecycle(alerts: QuerySet[Alert], *,
                          now: datetime | None = None) -> 'QuerySet[WithAnnotations[Alert, LifecycleAnnotation]]':
    """`alerts`, each annotated `lifecycle`: its state at `now` (Lifecycle; "" for an Ack, an Error or a message
    not sent)."""
    now = now or timezone.now()
    state = Case(
        When(~Q(state=Alert.State.SENT) | ~Q(msg_type__in=(*WARNINGS, Alert.MsgType.CANCEL)), then=Value("")),
        When(cancelled_q(), then=Value(Lifecycle.CANCELLED)),
        When(Exists(superseding_references(WARNINGS)), then=Value(Lifecycle.UPDATED)),
        When(expires__lte=now, then=Value(Lifecycle.EXPIRED)),
        default=Value(Lifecycle.IN_FORCE), output_field=CharField())
    return alerts.annotate(lifecycle=state)


def alerts_in_force(alerts: QuerySet[Alert], *, now: datetime | None = None) -> QuerySet[Alert]:
    """The messages of `alerts` in force at `now`: sent Alerts and Updates, neither superseded nor called off nor
    expired."""
    return alerts_with_lifecycle(alerts, now=now).filter(lifecycle=Lifecycle.IN_FORCE)


def alert_lifecycle(alert: Alert, *, now: datetime | None = None) -> tuple[str, Alert | None]:
    """The state of the sent message `alert` at `now`, and the message that took its place: the Cancel that called
    it off (None when it is the Cancel) or the newer message that updated it; None in force or expired."""
    state = alerts_with_lifecycle(Alert.objects.filter(pk=alert.pk), now=now).values_list(
        "lifecycle", flat=True).first() or ""
    if state == Lifecycle.UPDATED:
        return state, _newest(alert.referenced_by.filter(msg_type__in=WARNINGS))
    if state == Lifecycle.CANCELLED and alert.msg_type != Alert.MsgType.CANCEL:
        cancels = Alert.objects.filter(msg_type=Alert.MsgType.CANCEL, state=Alert.State.SENT)
        by_incident = cancels.filter(incidents=alert.incidents, track=alert.track) if alert.incidents else \
            cancels.none()
        return state, _newest(alert.referenced_by.filter(msg_type=Alert.MsgType.CANCEL)) or _newest(by_incident)
    return state, None


def _newest(messages: QuerySet[Alert]) -> Alert | None:
    return messages.filter(state=Alert.State.SENT).order_by("-sent", "-id").first()


def message_in_force(alert: Alert, *, now: datetime | None = None) -> bool:
    """Whether sending `alert` at `now` still says something true (alerts.notify asks it at each delivery attempt):
    an Alert or Update only while in force; a Cancel, an Ack or an Error always — it is the news."""
    if alert.msg_type not in WARNINGS:
        return True
    return alerts_in_force(Alert.objects.filter(pk=alert.pk), now=now).exists()
