"""One rule for "in force": the passports (API and page), the OGC API collection `alerts`, the alerts' tiles (the
map), the feeds, the dashboard and the public page, run over the same random lifecycles — send, update, cancel, the
clock moved within or past the expiry — agree with each other and with a model of CAP's lifecycle written here:
a message updated by a later one is superseded, a cancelled incident has nothing in force (its Cancel included),
an expired one is not in force. Nothing shows a Cancel or a superseded message as in force."""

from datetime import UTC, datetime, timedelta

import mapbox_vector_tile
import pytest
import time_machine
from django.db import transaction
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from lxml import etree

from alerts.dashboard import incidents
from alerts.lifecycle import Lifecycle, alerts_with_lifecycle
from alerts.models import Alert
from alerts.sending import alert_send
from alerts.services import alert_cancel, alert_update_draft

from .factories import send

pytestmark = pytest.mark.django_db
A = "{http://www.w3.org/2005/Atom}"
TILE = "/tiles/alerts/7/89/47.mvt"   # covers the Toktogul box of tests.alerts.conftest
STEPS = st.lists(st.sampled_from(["update", "cancel", "later", "expire"]), min_size=1, max_size=4)


class Model:
    """CAP's lifecycle as a receiver reads it, independent of the atlas's SQL."""

    def __init__(self):
        self.fate: dict[str, str] = {}        # identifier -> "" (live), updated or cancelled
        self.expires: dict[str, datetime] = {}
        self.cancelled = False

    def add(self, *messages):
        for message in messages:
            self.fate[message.identifier] = Lifecycle.CANCELLED if message.msg_type == "Cancel" else ""
            self.expires[message.identifier] = message.expires

    def supersede(self):
        self.fate = {key: fate or Lifecycle.UPDATED for key, fate in self.fate.items()}

    def cancel(self):
        self.fate = dict.fromkeys(self.fate, Lifecycle.CANCELLED)
        self.cancelled = True

    def state(self, identifier: str, now: datetime) -> str:
        if fate := self.fate[identifier]:
            return fate
        return Lifecycle.EXPIRED if self.expires[identifier] <= now else Lifecycle.IN_FORCE

    def in_force(self, identifiers, now) -> set[str]:
        return {i for i in identifiers if self.state(i, now) == Lifecycle.IN_FORCE}


def _act(step, model, latest, issuer, clock, start):
    """Performs `step`; returns the latest national message."""
    if step == "later":
        clock.shift(timedelta(hours=1))
    elif step == "expire":
        clock.move_to(max(start + timedelta(hours=7), datetime.now(UTC) + timedelta(minutes=1)))
    elif step == "update" and not model.cancelled:
        national, regional = alert_send(alert=alert_update_draft(alert=latest, user=issuer), user=issuer)
        model.supersede()
        model.add(national, regional)
        return national
    elif step == "cancel" and not model.cancelled:
        national, regional = alert_cancel(alert=latest, user=issuer)
        model.cancel()
        model.add(national, regional)
    return latest


def _outputs(client, issuer):
    """What each output presents as in force (identifiers), and the states the passport and the pages give."""
    passport = client.get("/api/v1/passports/KGZ/").json()["alerts"]
    page = client.get("/passport/KGZ/").content.decode()
    page_rows = {row.split('"', 1)[0]: row.split('data-state="', 1)[1].split('"', 1)[0]
                 for row in page.split('<tr data-identifier="')[1:]}
    ogc = client.get("/ogc/collections/alerts/items").json()["features"]
    tile = client.get(TILE)
    tiles = [] if tile.status_code == 204 else mapbox_vector_tile.decode(tile.content)["alerts"]["features"]
    feed = etree.fromstring(client.get("/cap/feed.atom").content).findall(f"{A}entry")
    return {
        "passport_api": {row["identifier"] for row in passport if row["active"]},
        "passport_api_states": {row["identifier"]: row["state"] for row in passport},
        "passport_page_states": page_rows,
        "ogc": {f["properties"]["identifier"] for f in ogc},
        "tiles": {f["properties"]["identifier"] for f in tiles},
        "feed": {e.findtext(f"{A}id"): e.find(f"{A}category").get("term") for e in feed},
        "dashboard": [row.in_force for row in incidents(issuer)],
    }


def _check(client, model, issuer, nationals, regionals):
    now = datetime.now(UTC)
    live = model.in_force(nationals, now)
    out = _outputs(client, issuer)
    assert out["passport_api"] == live
    assert out["passport_api_states"] == {i: model.state(i, now) for i in nationals}
    assert out["passport_page_states"] == {i: model.state(i, now) for i in nationals}
    assert out["ogc"] == live
    assert out["tiles"] == live
    cancels = {i for i in nationals if model.fate[i] == Lifecycle.CANCELLED and i not in live
               and Alert.objects.get(identifier=i).msg_type == "Cancel" and model.expires[i] > now}
    assert set(out["feed"]) == live | cancels   # never a superseded message; Cancels until their expiry
    assert {i for i, kind in out["feed"].items() if kind == "Cancel"} == cancels
    assert out["dashboard"] == [bool(model.in_force(regionals, now))]
    for identifier in nationals:
        html = client.get(f"/alerts/{identifier}/").content.decode()
        assert f'data-state="{model.state(identifier, now)}"' in html
    states = dict(alerts_with_lifecycle(Alert.objects.filter(identifier__in=nationals + regionals), now=now)
                  .values_list("identifier", "lifecycle"))
    assert states == {i: model.state(i, now) for i in nationals + regionals}


@hypothesis_settings(max_examples=12, deadline=None, derandomize=True,
                     suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(steps=STEPS)
def test_every_output_agrees_on_what_is_in_force(client, kgz_issuer, focal_points, steps):
    with transaction.atomic():
        start = datetime.now(UTC).replace(microsecond=0)
        with time_machine.travel(start, tick=False) as clock:
            model = Model()
            latest, regional = send(kgz_issuer)
            model.add(latest, regional)
            _check(client, model, kgz_issuer, [latest.identifier], [regional.identifier])
            for step in steps:
                latest = _act(step, model, latest, kgz_issuer, clock, start)
                messages = Alert.objects.filter(incidents=latest.incidents, state=Alert.State.SENT)
                nationals = list(messages.filter(track="national").values_list("identifier", flat=True))
                regionals = list(messages.filter(track="regional").values_list("identifier", flat=True))
                _check(client, model, kgz_issuer, nationals, regionals)
        transaction.set_rollback(True)


def test_a_cancel_is_never_in_force_on_any_output(client, kgz_issuer, focal_points):
    national, _regional = send(kgz_issuer)
    cancel, regional_cancel = alert_cancel(alert=national, user=kgz_issuer)
    out = _outputs(client, kgz_issuer)
    assert out["passport_api"] == set()
    assert out["passport_api_states"] == {national.identifier: "cancelled", cancel.identifier: "cancelled"}
    assert out["ogc"] == out["tiles"] == set()
    assert out["feed"] == {cancel.identifier: "Cancel"}
    assert out["dashboard"] == [False]
    assert regional_cancel.msg_type == "Cancel"
