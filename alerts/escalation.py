"""Escalation when a neighbour does not answer: no receipt (its system's CAP Ack) within CAP_RECEIPT_MINUTES —
the regional message is sent to it again by every channel; no operator acknowledgement within
CAP_OPERATOR_MINUTES — the next contact of its country's chain (the next escalation order) and the regional
centre are notified. Each step is taken once per message and focal point; the clock is an argument, so tests
move it instead of sleeping."""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .models import Acknowledgement, Alert, Delivery, Escalation, FocalPoint
from .notify import deliveries_queue


def _addressed(alert: Alert) -> list[FocalPoint]:
    return list(FocalPoint.objects.filter(address__in=alert.address_tokens(), active=True, is_regional_centre=False)
                .select_related("country"))


def _answered(alert: Alert, point: FocalPoint, kind: str) -> bool:
    kinds = [kind, Acknowledgement.Kind.OPERATOR] if kind == Acknowledgement.Kind.RECEIPT else [kind]
    return alert.acknowledgements.filter(focal_point=point, kind__in=kinds).exists()


def _resend(alert: Alert, point: FocalPoint, now: datetime) -> None:
    deliveries = list(Delivery.objects.filter(alert=alert, focal_point=point))
    Delivery.objects.filter(pk__in=[d.pk for d in deliveries]).update(state=Delivery.State.QUEUED)
    deliveries_queue(alert, [point])
    Escalation.objects.create(alert=alert, focal_point=point, step=Escalation.Step.RESENT, at=now)


def _next_contacts(alert: Alert, point: FocalPoint, now: datetime) -> None:
    chain = FocalPoint.objects.filter(country=point.country, active=True, is_regional_centre=False,
                                      escalation_order__gt=point.escalation_order).order_by("escalation_order")
    following = chain.first()
    notified = ([following] if following else []) + list(FocalPoint.objects.filter(is_regional_centre=True,
                                                                                    active=True))
    deliveries_queue(alert, notified)
    escalation = Escalation.objects.create(alert=alert, focal_point=point, step=Escalation.Step.NEXT_CONTACT, at=now)
    escalation.notified.set(notified)


@transaction.atomic
def escalations_run(*, now: datetime | None = None) -> dict:
    """Take the escalation steps that are due at `now` for every sent regional message still in force; returns
    the (alert, focal point) pairs per step."""
    now = now or timezone.now()
    receipt_due = now - timedelta(minutes=settings.CAP_RECEIPT_MINUTES)
    operator_due = now - timedelta(minutes=settings.CAP_OPERATOR_MINUTES)
    taken = {Escalation.Step.RESENT: [], Escalation.Step.NEXT_CONTACT: []}
    messages = Alert.objects.filter(state=Alert.State.SENT, track=Alert.Track.REGIONAL, sent__lte=receipt_due,
                                    msg_type__in=[Alert.MsgType.ALERT, Alert.MsgType.UPDATE]).exclude(
        expires__lt=now).prefetch_related("escalations")
    for alert in messages:
        done = {(e.focal_point_id, e.step) for e in alert.escalations.all()}
        for point in _addressed(alert):
            if (point.pk, Escalation.Step.RESENT) not in done and not _answered(
                    alert, point, Acknowledgement.Kind.RECEIPT):
                _resend(alert, point, now)
                taken[Escalation.Step.RESENT].append((alert.identifier, point.address))
            if alert.sent <= operator_due and (point.pk, Escalation.Step.NEXT_CONTACT) not in done and not _answered(
                    alert, point, Acknowledgement.Kind.OPERATOR):
                _next_contacts(alert, point, now)
                taken[Escalation.Step.NEXT_CONTACT].append((alert.identifier, point.address))
    return taken
