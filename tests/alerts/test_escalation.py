"""Escalation, with the clock moved rather than slept: no receipt after CAP_RECEIPT_MINUTES — sent again; no
operator acknowledgement after CAP_OPERATOR_MINUTES — the next contact of the chain and the regional centre are
notified; each step once; an answered neighbour is left alone."""

from datetime import timedelta
from email import message_from_bytes
from email.policy import default

import pytest

from alerts.escalation import escalations_run
from alerts.models import Acknowledgement, Alert, Delivery, Escalation
from alerts.notify import delivery_attempt
from alerts.services import alert_cancel

from .conftest import _focal_point, token_header
from .factories import send
from .test_lifecycle import _sent

pytestmark = pytest.mark.django_db


def test_unanswered_neighbours_are_resent_then_escalated_once(client, kgz_issuer, focal_points, settings):
    for point in focal_points.values():
        point.emails = [f"{point.address}@duty.test"]
        point.save()
    uzb_night = _focal_point("uzb-mchs-night", "UZB", escalation_order=2, emails=["night@duty.test"])
    regional = Alert.objects.get(pk=_sent(client, kgz_issuer)["regional"]["id"])
    addressed = set(regional.address_tokens())
    assert "uzb-mchs" in addressed
    # Kazakhstan's system answered at once: it is never chased.
    kaz = focal_points["KAZ"]
    if kaz.address in addressed:
        Acknowledgement.objects.create(alert=regional, focal_point=kaz, kind=Acknowledgement.Kind.OPERATOR)
    sent = regional.sent

    assert escalations_run(now=sent + timedelta(minutes=settings.CAP_RECEIPT_MINUTES - 1)) == {
        Escalation.Step.RESENT: [], Escalation.Step.NEXT_CONTACT: []}
    first = escalations_run(now=sent + timedelta(minutes=settings.CAP_RECEIPT_MINUTES + 1))
    assert (regional.identifier, "uzb-mchs") in first[Escalation.Step.RESENT]
    assert (regional.identifier, kaz.address) not in first[Escalation.Step.RESENT]
    assert first[Escalation.Step.NEXT_CONTACT] == []
    assert escalations_run(now=sent + timedelta(minutes=settings.CAP_RECEIPT_MINUTES + 2))[
        Escalation.Step.RESENT] == []  # once

    later = escalations_run(now=sent + timedelta(minutes=settings.CAP_OPERATOR_MINUTES + 1))
    assert (regional.identifier, "uzb-mchs") in later[Escalation.Step.NEXT_CONTACT]
    step = Escalation.objects.get(alert=regional, focal_point=focal_points["UZB"], step=Escalation.Step.NEXT_CONTACT)
    assert set(step.notified.values_list("address", flat=True)) == {"uzb-mchs-night", "cesdrr-centre"}
    assert Delivery.objects.filter(alert=regional, focal_point=uzb_night).exists()
    # The neighbour's duty officer acknowledges: nothing more is taken for it.
    uzb = token_header(focal_points["UZB"].user)
    client.post(f"/api/v1/alerts/{regional.pk}/acknowledge/", {"note": "принято"}, content_type="application/json",
                **uzb)
    again = escalations_run(now=sent + timedelta(minutes=settings.CAP_OPERATOR_MINUTES + 30))
    assert all(address != "uzb-mchs" for _, address in again[Escalation.Step.NEXT_CONTACT])


def _deliver_all(when):
    return {delivery.pk: delivery_attempt(delivery.pk, now=when)
            for delivery in Delivery.objects.filter(state=Delivery.State.QUEUED)}


@pytest.mark.parametrize("status", ["Actual", "Exercise"])
def test_a_cancelled_alert_is_never_sent_again_to_any_neighbour(kgz_issuer, focal_points, smtp, settings, status):
    for point in focal_points.values():
        point.emails = [f"{point.address}@duty.test"]
        point.save()
    national, regional = send(kgz_issuer, status=status)
    _deliver_all(regional.sent)
    first_mails = len(smtp.messages)
    cancelled_at = regional.sent + timedelta(minutes=2)
    _cancel_national, cancel = alert_cancel(alert=national, user=kgz_issuer, now=cancelled_at)
    _deliver_all(cancelled_at)
    cancel_mails = len(smtp.messages) - first_mails
    later = escalations_run(now=regional.sent + timedelta(minutes=settings.CAP_OPERATOR_MINUTES + 10))
    _deliver_all(regional.sent + timedelta(minutes=settings.CAP_OPERATOR_MINUTES + 11))

    assert later == {Escalation.Step.RESENT: [], Escalation.Step.NEXT_CONTACT: []}
    assert cancel_mails == len(cancel.address_tokens())
    assert len(smtp.messages) == first_mails + cancel_mails
    assert not Escalation.objects.filter(alert=regional).exists()


def test_a_delivery_queued_before_the_cancel_is_withdrawn_not_sent(kgz_issuer, focal_points, receiver):
    uzb = focal_points["UZB"]
    uzb.webhook_url = receiver.url
    uzb.save()
    national, regional = send(kgz_issuer)
    queued = Delivery.objects.get(alert=regional, focal_point=uzb)
    _cancel_national, cancel = alert_cancel(alert=national, user=kgz_issuer, now=regional.sent + timedelta(seconds=5))
    outcomes = _deliver_all(regional.sent + timedelta(seconds=6))

    assert outcomes[queued.pk] == "withdrawn"
    assert [body for _headers, body in receiver.received] == [bytes(cancel.xml)]


def test_the_next_contact_step_reaches_the_next_level_and_the_centre_with_deliveries_of_its_own(
        kgz_issuer, focal_points, receiver, settings):
    for point in focal_points.values():
        point.webhook_url = f"{receiver.url}/{point.address}"
        point.save()
    night = _focal_point("uzb-night", "UZB", escalation_order=2, webhook_url=f"{receiver.url}/uzb-night")
    _national, regional = send(kgz_issuer)
    _deliver_all(regional.sent)
    first = {(path, headers["X-CAP-Delivery"]) for path, headers, _body in receiver.posts}
    first_delivery = Delivery.objects.get(alert=regional, focal_point=focal_points["UZB"], escalation=None)
    escalations_run(now=regional.sent + timedelta(minutes=settings.CAP_OPERATOR_MINUTES + 1))
    _deliver_all(regional.sent + timedelta(minutes=settings.CAP_OPERATOR_MINUTES + 2))
    later = [(path, headers["X-CAP-Delivery"]) for path, headers, _body in receiver.posts
             if (path, headers["X-CAP-Delivery"]) not in first]

    assert "uzb-night" not in regional.address_tokens()
    assert ("/cap/uzb-night") in {path for path, _id in later}
    assert ("/cap/cesdrr-centre") in {path for path, _id in later}
    assert ("/cap/uzb-mchs") in {path for path, _id in later}  # the resend
    assert len({delivery for _path, delivery in first | set(later)}) == len(first) + len(later)
    assert Delivery.objects.get(pk=first_delivery.pk).delivered_at == first_delivery.delivered_at == regional.sent
    assert Delivery.objects.filter(alert=regional, focal_point=night).get().step == Escalation.Step.NEXT_CONTACT


def test_an_escalation_mail_leads_with_whose_silence_it_is_about(kgz_issuer, focal_points, smtp, settings):
    for point in focal_points.values():
        point.emails = [f"{point.address}@duty.test"]
        point.save()
    _focal_point("uzb-night", "UZB", escalation_order=2, emails=["uzb-night@duty.test"])
    _national, regional = send(kgz_issuer)
    _deliver_all(regional.sent)
    first = len(smtp.messages)
    escalations_run(now=regional.sent + timedelta(minutes=settings.CAP_OPERATOR_MINUTES + 1))
    _deliver_all(regional.sent + timedelta(minutes=settings.CAP_OPERATOR_MINUTES + 2))
    mails = {tuple(recipients): message_from_bytes(raw, policy=default) for recipients, raw in smtp.messages[first:]}
    night = mails[("uzb-night@duty.test",)]
    text = night.get_body(("plain",)).get_content()

    assert text.startswith(f"Эскалация: {focal_points['UZB'].duty_unit} (")
    assert f"в течение {settings.CAP_OPERATOR_MINUTES} минут" in text.splitlines()[0]
    assert night["Subject"].startswith("⚠ ")
    assert mails[("uzb-mchs@duty.test",)].get_body(("plain",)).get_content().startswith("Отправлено повторно")
    assert not message_from_bytes(smtp.messages[0][1], policy=default)["Subject"].startswith("⚠")
