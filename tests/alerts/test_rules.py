"""The profile rules: what the XSD cannot check, and each refusal of the API a 4xx that says what to fix."""

from copy import deepcopy

import pytest
from django.utils import translation

from alerts.validation import cap_errors, parse_safely, polygon_errors

from .conftest import draft_payload, token_header

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(client):
    """The reasons are checked in English (Russian is the default language of the atlas)."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    with translation.override("en"):
        yield

GOOD = """<?xml version="1.0" encoding="UTF-8"?>
<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">
  <identifier>urn:oid:2.49.0.1.860.1.7</identifier><sender>uzb@cap.example</sender>
  <sent>2025-04-01T10:00:00+05:00</sent><status>Actual</status><msgType>Alert</msgType><scope>Public</scope>
  <info><language>ru</language><category>Geo</category><event>Сель</event><urgency>Expected</urgency>
    <severity>Severe</severity><certainty>Likely</certainty><onset>2025-04-01T11:00:00+05:00</onset>
    <expires>2025-04-02T11:00:00+05:00</expires><headline>Угроза селя</headline>
    <area><areaDesc>Ташкент</areaDesc><polygon>41.2,69.1 41.4,69.1 41.4,69.4 41.2,69.4 41.2,69.1</polygon></area>
  </info>
  <info><language>en</language><category>Geo</category><event>Mudflow</event><urgency>Expected</urgency>
    <severity>Severe</severity><certainty>Likely</certainty><onset>2025-04-01T11:00:00+05:00</onset>
    <expires>2025-04-02T11:00:00+05:00</expires><headline>Mudflow threat</headline>
  </info>
</alert>"""


def _errors(old: str, new: str) -> list[str]:
    assert old in GOOD
    return cap_errors(parse_safely(GOOD.replace(old, new).encode()))


def test_a_good_message_passes():
    assert cap_errors(parse_safely(GOOD.encode())) == []


@pytest.mark.parametrize(("old", "new", "reason"), [
    ("<sent>2025-04-01T10:00:00+05:00", "<sent>2025-04-01T10:00:00Z", "sent"),
    ("<sent>2025-04-01T10:00:00+05:00", "<sent>2025-04-01T10:00:00.5+05:00", "sent"),
    ("urn:oid:2.49.0.1.860.1.7", "urn:oid 2.49", "identifier must not contain"),
    ("<sender>uzb@cap.example", "<sender>uzb,cap", "sender must not contain"),
    ("<msgType>Alert", "<msgType>Update", "must reference earlier messages"),
    ("<scope>Public</scope>", "<scope>Public</scope><restriction>staff</restriction>", "only allowed with scope"),
    ("<scope>Public", "<scope>Private", "scope Private needs addresses"),
    ("<scope>Public</scope>", "<scope>Public</scope><references>uzb@cap.example,urn:oid:2.49.0.1.860.1.7,"
                               "2025-04-01T10:00:00+05:00</references>", "must not reference itself"),
    ("<scope>Public</scope>", "<scope>Public</scope><references>only-two,parts</references>", "triple"),
    ("<expires>2025-04-02T11:00:00+05:00</expires><headline>У",
     "<expires>2025-04-01T10:30:00+05:00</expires><headline>У", "expires must be after onset"),
    ("<category>Geo</category><event>Mudflow", "<category>Met</category><event>Mudflow", "translations must"),
    ("<language>en</language>", "<language>ru</language>", "its own language"),
    ("<headline>Mudflow threat", "<headline>&lt;b&gt;Mudflow&lt;/b&gt; threat", "plain text"),
    ("41.2,69.4 41.2,69.1</polygon>", "41.2,69.4</polygon>", "closed"),
    ("<polygon>41.2,69.1 41.4,69.1 41.4,69.4 41.2,69.4 41.2,69.1", "<polygon>41.2,69.1 41.4,69.1 41.2,69.1",
     "at least four"),
    ("41.2,69.1 41.4,69.1 41.4,69.4 41.2,69.4 41.2,69.1", "41.2,69.1 41.4,69.4 41.4,69.1 41.2,69.4 41.2,69.1",
     "intersect itself"),
    ("41.4,69.4 41.2,69.4", "41.4,69.4 95.2,69.4", "out of range"),
    ("</polygon></area>", "</polygon><ceiling>3</ceiling></area>", "ceiling is only allowed with altitude"),
])
def test_each_rule_is_checked(old, new, reason):
    errors = _errors(old, new)
    assert any(reason in error for error in errors), errors


def test_polygon_rules_alone():
    assert polygon_errors("41,69 41,70 42,70 41,69") == []
    assert polygon_errors("41,69 41,70 42,70") != []


def _post(client, user, payload):
    return client.post("/api/v1/alerts/", payload, content_type="application/json", **token_header(user))


def _send(client, user, payload):
    draft = _post(client, user, payload)
    assert draft.status_code == 201, draft.json()
    return client.post(f"/api/v1/alerts/{draft.json()['id']}/send/", **token_header(user))


def test_refusals_are_4xx_with_a_clear_reason(client, kgz_issuer, uzb_issuer, focal_points):
    other_country = _post(client, kgz_issuer, draft_payload(country="UZB"))
    assert other_country.status_code == 403
    assert other_country.json()["error"] == "not_issuer"
    anonymous = client.post("/api/v1/alerts/", draft_payload(), content_type="application/json")
    assert anonymous.status_code in (401, 403)
    broken = draft_payload(areas=[{"area_desc": "x", "geometry": {"type": "Point", "coordinates": [72, 41]}}])
    assert _post(client, kgz_issuer, broken).json()["error"] == "invalid_area"
    out_of_range = draft_payload(geometry={"type": "Polygon", "coordinates": [[[272, 41], [273, 41], [273, 42],
                                                                                [272, 41]]]})
    assert _post(client, kgz_issuer, out_of_range).json()["error"] == "invalid_area"
    one_language = draft_payload()
    one_language["infos"] = one_language["infos"][:1]
    refused = _send(client, kgz_issuer, one_language)
    assert refused.status_code == 400
    assert refused.json()["error"] == "languages_missing"
    backwards = draft_payload(hours=-2)
    refused = _send(client, kgz_issuer, backwards)
    assert refused.status_code == 400
    assert refused.json()["error"] == "invalid_cap"
    assert any("expires must be after" in reason for reason in refused.json()["reasons"])
    mixed = draft_payload()
    mixed["infos"][1] = {**deepcopy(mixed["infos"][1]), "severity": "Minor"}
    assert "translations must share" in _send(client, kgz_issuer, mixed).json()["detail"]
    html = draft_payload()
    html["infos"][0]["description"] = "<script>alert(1)</script>"
    assert "plain text" in _send(client, kgz_issuer, html).json()["detail"]
    uzbek_area = {"type": "Polygon", "coordinates": [[[69.1, 41.2], [69.4, 41.2], [69.4, 41.4], [69.1, 41.4],
                                                      [69.1, 41.2]]]}
    outside = _send(client, kgz_issuer, draft_payload(geometry=uzbek_area))
    assert outside.status_code == 400
    assert outside.json()["error"] == "outside_country"
