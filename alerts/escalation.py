"""Escalation when a neighbour does not answer: a small state machine per (regional message, addressed focal point).

    sent ── no receipt by CAP_RECEIPT_MINUTES ──▶ resent ── no operator acknowledgement by CAP_OPERATOR_MINUTES ──▶
    next contact (the chain's next level of its country and the regional centre are sent the message)

A receipt (its system's CAP Ack) or an operator acknowledgement by any recipient of the point's country answers it;
an answered point is left alone. The invariants, which tests/alerts/test_escalation_machine.py checks over random
sequences of sends, updates, cancels, acknowledgements, expiries and clock moves:

* nothing is sent for a message that is not in force (`alerts.lifecycle`, the one rule): cancelled, superseded or
  expired — no step is taken for it, and a delivery queued before it left force is withdrawn at its attempt;
* each step is taken once per (message, focal point) and has its own deliveries (own ids, own times): a resend
  never overwrites the first delivery, and a receiver deduplicates on the message's sender,identifier,sent;
* the next-contact step reaches focal points the first send did not (the first send addresses the first level).

The clock is an argument, so tests move it instead of sleeping."""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .lifecycle import alerts_in_force
from .models import Acknowledgement, Alert, Escalation, FocalPoint
from .notify import deliveries_queue
from .recipients import next_contacts, recipients_of, regional_centres, same_country

STEPS = (Escalation.Step.RESENT, Escalation.Step.NEXT_CONTACT)


def _addressed(alert: Alert) -> list[FocalPoint]:
    return list(FocalPoint.objects.filter(address__in=alert.address_tokens(), active=True, is_regional_centre=False)
                .select_related("country"))


def _answered(alert: Alert, point: FocalPoint, step: str) -> bool:
    """Whether `point`'s country answered `alert` as `step` requires: any answer stops a resend, only an operator
    acknowledgement stops the next-contact step; answers count from the message's recipients only."""
    kinds = [Acknowledgement.Kind.OPERATOR] + ([Acknowledgement.Kind.RECEIPT] if step == Escalation.Step.RESENT
                                               else [])
    answering = same_country(point).filter(pk__in=recipients_of(alert).values("pk"))
    return alert.acknowledgements.filter(focal_point__in=answering, kind__in=kinds).exists()


def _take(alert: Alert, point: FocalPoint, step: str, now: datetime) -> None:
    notified = [point] if step == Escalation.Step.RESENT else next_contacts(point) + regional_centres()
    escalation = Escalation.objects.create(alert=alert, focal_point=point, step=step, at=now)
    escalation.notified.set(notified)
    deliveries_queue(alert, notified, escalation=escalation)


def _due(now: datetime) -> list[Alert]:
    """The regional messages in force at `now` that a receipt could be late for."""
    receipt_due = now - timedelta(minutes=settings.CAP_RECEIPT_MINUTES)
    messages = Alert.objects.filter(track=Alert.Track.REGIONAL, sent__lte=receipt_due,
                                    msg_type__in=[Alert.MsgType.ALERT, Alert.MsgType.UPDATE])
    return list(alerts_in_force(messages, now=now).prefetch_related("escalations").order_by("sent", "id"))


def _step_due(alert: Alert, step: str, now: datetime) -> bool:
    minutes = settings.CAP_RECEIPT_MINUTES if step == Escalation.Step.RESENT else settings.CAP_OPERATOR_MINUTES
    return alert.sent_at <= now - timedelta(minutes=minutes)


@transaction.atomic
def escalations_run(*, now: datetime | None = None) -> dict:
    """Take the escalation steps that are due at `now` for every regional message in force; returns the
    (identifier, focal point address) pairs per step."""
    now = now or timezone.now()
    taken: dict[str, list[tuple[str, str]]] = {step: [] for step in STEPS}
    for alert in _due(now):
        done = {(e.focal_point_id, e.step) for e in alert.escalations.all()}
        for point in _addressed(alert):
            for step in STEPS:
                if _step_due(alert, step, now) and (point.pk, step) not in done and not _answered(alert, point, step):
                    _take(alert, point, step, now)
                    taken[step].append((alert.identifier, point.address))
    return taken
