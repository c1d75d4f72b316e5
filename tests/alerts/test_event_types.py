"""WMO/OASIS event types: every outgoing info carries the hazard type's code of the OASIS Event Terms List v1.2
(`<eventCode><valueName>OET:v1.2</valueName><value>OET-nnn</value>`, the list the WMO CAP Composer and the WMO
Alert Hub's sources use), the same in every language, so aggregators group the alerts (issue 27)."""

import csv

import pytest

from alerts.cap import CAP
from alerts.models import Alert
from alerts.validation import cap_errors, cap_schema, parse_safely
from alerts.wording import EVENT_TERMS, EVENT_TERMS_FILE, EVENT_TYPES, event_type_of, wording_for
from hazards.models import HazardType
from web.alerts.serializers import CATEGORIES

from .conftest import draft_payload, token_header

pytestmark = pytest.mark.django_db
OET = "OET:v1.2"


def _rows() -> list[dict]:
    with EVENT_TERMS_FILE.open(encoding="utf-8", newline="") as rows:
        return list(csv.DictReader(rows))


def test_the_vendored_list_has_the_224_terms_in_order():
    assert [row["code"] for row in _rows()] == [f"OET-{n:03d}" for n in range(224)]


def test_every_term_of_the_list_has_cap_categories():
    assert {category for row in _rows() for category in row["categories"].split()} <= set(CATEGORIES)


def test_the_list_gives_the_terms_aggregators_know():
    assert [EVENT_TERMS[code].term for code in ("OET-068", "OET-081", "OET-052", "OET-119", "OET-018")] == \
        ["earthquake", "flood", "dam break", "landslide", "avalanche"]


def test_every_hazard_type_of_the_atlas_has_an_event_type_of_the_list():
    codes = set(HazardType.objects.exclude(code=HazardType.CONTEXT).values_list("code", flat=True))
    assert codes
    assert codes <= set(EVENT_TYPES)
    assert {EVENT_TYPES[code] for code in codes} <= set(EVENT_TERMS)


def test_a_hazard_type_the_registry_does_not_know_is_other_event():
    assert event_type_of("meteorite").code == "OET-000"


def test_the_composers_starting_wording_carries_the_event_code():
    infos = wording_for(HazardType.SEISMIC, ["ru", "en", "kk"])
    assert {tuple(info["event_code"][0].values()) for info in infos.values()} == {(OET, "OET-068")}


def _sent(client, user, **overrides) -> list[Alert]:
    headers = token_header(user)
    draft = client.post("/api/v1/alerts/", draft_payload(**overrides), content_type="application/json", **headers)
    assert draft.status_code == 201, draft.json()
    sent = client.post(f"/api/v1/alerts/{draft.json()['id']}/send/", **headers).json()
    return [Alert.objects.get(pk=sent[track]["id"]) for track in ("national", "regional")]


def _event_codes(alert: Alert) -> list[list[tuple[str, str]]]:
    """Per info of the message as sent, its eventCode pairs (after XSD and profile validation)."""
    root = parse_safely(bytes(alert.xml))
    assert cap_schema().validate(root), cap_schema().error_log
    assert cap_errors(root) == []
    return [[(code.findtext(CAP + "valueName"), code.findtext(CAP + "value")) for code in info.iter(CAP + "eventCode")]
            for info in root.iter(CAP + "info")]


def test_every_info_of_a_sent_flood_alert_carries_the_flood_event_code(client, kgz_issuer, focal_points):
    for alert in _sent(client, kgz_issuer):
        assert _event_codes(alert) == [[("atlas-hazard", "flood"), (OET, "OET-081")]] * 3


def test_an_event_code_of_the_list_given_by_the_client_gives_way_to_the_hazard_types(client, kgz_issuer,
                                                                                      focal_points):
    payload = draft_payload(hazard="seismic")
    for info in payload["infos"]:
        info["event_code"] = [{"valueName": OET, "value": "OET-196"}]  # tornado
    for alert in _sent(client, kgz_issuer, hazard="seismic", infos=payload["infos"]):
        assert _event_codes(alert) == [[(OET, "OET-068")]] * 3
