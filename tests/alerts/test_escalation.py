"""Escalation, with the clock moved rather than slept: no receipt after CAP_RECEIPT_MINUTES — sent again; no
operator acknowledgement after CAP_OPERATOR_MINUTES — the next contact of the chain and the regional centre are
notified; each step once; an answered neighbour is left alone."""

from datetime import timedelta

import pytest

from alerts.escalation import escalations_run
from alerts.models import Acknowledgement, Alert, Delivery, Escalation

from .conftest import _focal_point, token_header
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
