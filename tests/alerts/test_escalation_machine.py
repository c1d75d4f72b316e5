"""Escalation and delivery over random lifecycles (hypothesis): sequences of sends, updates, cancels, receipts,
operator acknowledgements, worker runs, escalation runs and clock moves, against a real webhook receiver on
loopback. An oracle kept by the test (not by the code under test) says which regional messages are in force at the
moved clock; the invariants checked after every step:

* a delivery attempt sends an Alert or Update exactly when the oracle says it is in force (else it is withdrawn);
  Cancels are always sent;
* every escalation step taken is for a message in force whose neighbour had not answered, and is taken once;
* a due step for an unanswered neighbour is taken (escalation does not fall silent);
* the next-contact step delivers to the chain's next level and the regional centre, new deliveries of their own;
* every webhook POST carries its own delivery id, and a first delivery's times never change afterwards."""

from datetime import datetime, timedelta

import pytest
from django.conf import settings
from django.db import transaction
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule, run_state_machine_as_test

from alerts.cap import now_whole_seconds
from alerts.escalation import escalations_run
from alerts.models import Acknowledgement, Alert, Delivery, Escalation, FocalPoint
from alerts.notify import delivery_attempt
from alerts.sending import alert_send
from alerts.services import acknowledgement_operator, alert_cancel, alert_draft_create, alert_update_draft

from .conftest import _focal_point, draft_payload

pytestmark = pytest.mark.django_db

NEIGHBOURS = ("KAZ", "TJK", "TKM", "UZB")
CLOCK_MOVES = (1, 4, 11, 25, 31, 61, 150)


def _draft(user, *, status: str, hours: int) -> Alert:
    payload = draft_payload(hours=hours)
    for info in payload["infos"]:
        info.update({name: datetime.fromisoformat(info[name]) for name in ("onset", "expires")})
    return alert_draft_create(user=user, country="KGZ", infos=payload["infos"], areas=payload["areas"],
                              hazard="flood", status=status)


class Oracle:
    """What the test knows of the incidents it made, independently of alerts.active: per regional message its
    incident, type, sent and expires; which incidents are cancelled; which messages are superseded; who answered."""

    def __init__(self):
        self.messages: dict[int, Alert] = {}
        self.superseded: set[int] = set()
        self.cancelled: set[str] = set()
        self.answers: dict[tuple[int, str], set[str]] = {}

    def sent(self, regional: Alert) -> None:
        for pk, message in self.messages.items():
            if message.incidents == regional.incidents and regional.msg_type != Alert.MsgType.ALERT:
                self.superseded.add(pk)
        if regional.msg_type == Alert.MsgType.CANCEL:
            self.cancelled.add(regional.incidents)
        self.messages[regional.pk] = regional

    def in_force(self, message: Alert, now: datetime) -> bool:
        return (message.msg_type in (Alert.MsgType.ALERT, Alert.MsgType.UPDATE) and message.pk not in self.superseded
                and message.incidents not in self.cancelled and (message.expires is None or now < message.expires))

    def answered(self, message: Alert, country: str, kinds: set[str]) -> bool:
        return bool(self.answers.get((message.pk, country), set()) & kinds)


class Lifecycle(RuleBasedStateMachine):
    issuer = points = receiver = None  # set by the test before the machine runs

    def __init__(self):
        super().__init__()
        self.atomic = transaction.atomic()
        self.atomic.__enter__()  # each example runs in a savepoint rolled back at its end
        self.now = now_whole_seconds()
        self.oracle = Oracle()
        self.incidents: list[str] = []
        self.steps: set[tuple[int, int, str]] = set()
        self.first_times: dict[int, datetime] = {}
        self.receiver.posts.clear()

    def teardown(self):
        transaction.set_rollback(True)
        self.atomic.__exit__(None, None, None)

    def _latest(self, index: int) -> Alert:
        incident = self.incidents[index % len(self.incidents)]
        return max((m for m in self.oracle.messages.values() if m.incidents == incident), key=lambda m: m.pk)

    @precondition(lambda self: len(self.incidents) < 3)
    @rule(status=st.sampled_from([Alert.Status.ACTUAL, Alert.Status.EXERCISE]), hours=st.sampled_from([1, 3]))
    def send(self, status, hours):
        _national, regional = alert_send(alert=_draft(self.issuer, status=status, hours=hours), user=self.issuer,
                                         now=self.now)
        self.incidents.append(regional.incidents)
        self.oracle.sent(regional)

    @precondition(lambda self: self.incidents)
    @rule(index=st.integers(0, 2))
    def update(self, index):
        latest = self._latest(index)
        if latest.incidents in self.oracle.cancelled:
            return
        draft = alert_update_draft(alert=latest, user=self.issuer, note="уровень выше")
        _national, regional = alert_send(alert=draft, user=self.issuer, now=self.now)
        self.oracle.sent(regional)

    @precondition(lambda self: self.incidents)
    @rule(index=st.integers(0, 2))
    def cancel(self, index):
        latest = self._latest(index)
        if latest.incidents in self.oracle.cancelled:
            return
        _national, regional = alert_cancel(alert=latest, user=self.issuer, note="отбой", now=self.now)
        self.oracle.sent(regional)

    @precondition(lambda self: self.oracle.messages)
    @rule(index=st.integers(0, 20), country=st.sampled_from(NEIGHBOURS),
          kind=st.sampled_from([Acknowledgement.Kind.RECEIPT, Acknowledgement.Kind.OPERATOR]))
    def answer(self, index, country, kind):
        message = list(self.oracle.messages.values())[index % len(self.oracle.messages)]
        point = FocalPoint.objects.filter(address__in=message.address_tokens(), country__iso3=country).first()
        if point is None or message.msg_type == Alert.MsgType.CANCEL:
            return
        if kind == Acknowledgement.Kind.OPERATOR:
            acknowledgement_operator(alert=message, user=point.user, focal_point=point)
        else:
            Acknowledgement.objects.create(alert=message, focal_point=point, kind=kind)
        self.oracle.answers.setdefault((message.pk, country), set()).add(kind)

    @rule(minutes=st.sampled_from(CLOCK_MOVES))
    def tick(self, minutes):
        self.now += timedelta(minutes=minutes)

    @rule()
    def worker(self):
        for delivery in Delivery.objects.filter(state=Delivery.State.QUEUED).select_related("alert"):
            message = self.oracle.messages[delivery.alert_id]
            outcome = delivery_attempt(delivery.pk, now=self.now)
            expected = "delivered" if (message.msg_type == Alert.MsgType.CANCEL
                                       or self.oracle.in_force(message, self.now)) else "withdrawn"
            assert outcome == expected, (message.msg_type, message.identifier, self.now)

    @rule()
    def escalate(self):
        taken = escalations_run(now=self.now)
        for step, pairs in taken.items():
            for identifier, address in pairs:
                self._check_step(Alert.objects.get(identifier=identifier), FocalPoint.objects.get(address=address),
                                 step)
        self._check_due_steps_taken()

    def _check_step(self, message: Alert, point: FocalPoint, step: str) -> None:
        assert self.oracle.in_force(message, self.now), (step, message.msg_type, message.identifier)
        kinds = {Acknowledgement.Kind.OPERATOR} | ({Acknowledgement.Kind.RECEIPT}
                                                   if step == Escalation.Step.RESENT else set())
        assert not self.oracle.answered(message, point.country.iso3, kinds)
        assert (message.pk, point.pk, step) not in self.steps
        self.steps.add((message.pk, point.pk, step))
        escalation = Escalation.objects.get(alert=message, focal_point=point, step=step)
        reached = set(escalation.deliveries.values_list("focal_point__address", flat=True))
        if step == Escalation.Step.NEXT_CONTACT:
            assert "centre" in reached
            assert (f"{point.country.iso3.lower()}-night" in reached) == (point.escalation_order == 1)
        else:
            assert reached == {point.address}

    def _check_due_steps_taken(self) -> None:
        minutes = {Escalation.Step.RESENT: settings.CAP_RECEIPT_MINUTES,
                   Escalation.Step.NEXT_CONTACT: settings.CAP_OPERATOR_MINUTES}
        kinds = {Escalation.Step.RESENT: {Acknowledgement.Kind.RECEIPT, Acknowledgement.Kind.OPERATOR},
                 Escalation.Step.NEXT_CONTACT: {Acknowledgement.Kind.OPERATOR}}
        missing = []
        for message in self.oracle.messages.values():
            if not self.oracle.in_force(message, self.now):
                continue
            for point in FocalPoint.objects.filter(address__in=message.address_tokens(), is_regional_centre=False):
                for step, wait in minutes.items():
                    due = message.sent <= self.now - timedelta(minutes=wait)
                    taken = (message.pk, point.pk, step) in self.steps
                    if due and not taken and not self.oracle.answered(message, point.country.iso3, kinds[step]):
                        missing.append((step, point.address))
        assert missing == []

    @invariant()
    def deliveries_are_distinct_and_first_times_kept(self):
        ids = [headers["X-CAP-Delivery"] for _path, headers, _body in self.receiver.posts]
        assert len(ids) == len(set(ids))
        delivered = Delivery.objects.filter(state=Delivery.State.DELIVERED)
        assert set(ids) == {str(pk) for pk in delivered.values_list("pk", flat=True)}
        for pk, at in delivered.filter(escalation=None).values_list("pk", "delivered_at"):
            assert self.first_times.setdefault(pk, at) == at


def test_escalation_and_delivery_keep_their_invariants_over_random_lifecycles(kgz_issuer, receiver):
    points = {"centre": _focal_point("centre", centre=True)}
    for iso3 in NEIGHBOURS:
        points[iso3] = _focal_point(f"{iso3.lower()}-first", iso3)
        points[f"{iso3}-night"] = _focal_point(f"{iso3.lower()}-night", iso3, escalation_order=2)
    for point in points.values():
        point.webhook_url = f"{receiver.url}/{point.address}"
        point.save()
    Lifecycle.issuer, Lifecycle.receiver = kgz_issuer, receiver
    run_state_machine_as_test(Lifecycle, settings=hypothesis_settings(
        max_examples=20, stateful_step_count=14, deadline=None, derandomize=True,
        suppress_health_check=[HealthCheck.too_slow]))
