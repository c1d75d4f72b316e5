"""Tolerant intake, strict output: whatever the OASIS CAP 1.2 XSD accepts is taken in, the rules of the atlas's
profile it breaks kept as warnings on the stored message (in ru, en and kk) and flagged on the dashboard; what is
unsafe stays refused, and outgoing messages are still held to the whole profile."""

import pytest

from alerts.models import Alert, RejectedMessage
from alerts.validation import cap_errors, cap_schema, parse_safely

from .conftest import token_header

pytestmark = pytest.mark.django_db

INFO = """<info><language>{language}</language><category>Met</category><event>Flood</event>
  <urgency>Expected</urgency><severity>{severity}</severity><certainty>Likely</certainty>
  <onset>2025-04-01T11:00:00+05:00</onset><expires>{expires}</expires>
  <headline>Flood on the Chirchik</headline><description>{description}</description>
  <area><areaDesc>Chirchik valley</areaDesc>{area}</area></info>"""
POLYGON = "<polygon>41.4,69.5 41.4,69.8 41.7,69.8 41.7,69.5 41.4,69.5</polygon>"


def _info(language="en-US", severity="Severe", expires="2025-04-01T23:00:00+05:00", description="Water rises.",
          area=POLYGON) -> str:
    return INFO.format(language=language, severity=severity, expires=expires, description=description, area=area)


def cap12(*, identifier="urn:oid:2.49.0.1.860.9.101", scope="Public", header="", msg_type="Alert",
          infos=None) -> bytes:
    """A CAP 1.2 message of Uzbekistan's system; `header` goes after scope (restriction, addresses, references)."""
    infos = [_info()] if infos is None else infos
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">
  <identifier>{identifier}</identifier><sender>uzb@cap.uz.example</sender><sent>2025-04-01T10:00:00+05:00</sent>
  <status>Actual</status><msgType>{msg_type}</msgType><scope>{scope}</scope>{header}
  {"".join(infos)}
</alert>""".encode()


# Each: a message the XSD accepts and the profile refuses, and the English warning it is kept with.
LEGAL = {
    "an empty restriction with scope Restricted": (
        cap12(scope="Restricted", header="<restriction/>"), "scope Restricted needs a restriction"),
    "a restriction with scope Public": (
        cap12(header="<restriction>duty officers only</restriction>"),
        "restriction is only allowed with scope Restricted"),
    "two infos in the same language": (
        cap12(infos=[_info("ru-RU"), _info("ru-RU", description="Вода поднимается.")]),
        "each info must have its own language"),
    "translations that differ in severity": (
        cap12(infos=[_info("ru-RU"), _info("en-US", severity="Extreme")]),
        "translations must share category, event code, urgency, severity, certainty and times"),
    "scope Private without addresses": (cap12(scope="Private"), "scope Private needs addresses"),
    "an Update without references": (
        cap12(msg_type="Update"), "a message of type Update must reference earlier messages"),
    "a reference that is no triple": (
        cap12(msg_type="Update", header="<references>urn:oid:2.49.0.1.860.9.1</references>"),
        "reference 'urn:oid:2.49.0.1.860.9.1' is not a sender,identifier,sent triple"),
    "an identifier with a space": (
        cap12(identifier="UZB 2025-04-01 flood"), "identifier must not contain spaces, commas, < or &"),
    "expires before onset": (
        cap12(infos=[_info(expires="2025-04-01T10:30:00+05:00")]), "expires must be after onset"),
    "HTML in the description": (
        cap12(infos=[_info(description="&lt;b&gt;Leave now&lt;/b&gt;")]), "description must be plain text, not HTML"),
    "a polygon that is not closed": (
        cap12(infos=[_info(area="<polygon>41.4,69.5 41.4,69.8 41.7,69.8 41.7,69.5</polygon>")]),
        "a polygon must be closed (its first and last pairs equal)"),
    "a self-intersecting polygon": (
        cap12(infos=[_info(area="<polygon>41.4,69.5 41.7,69.8 41.4,69.8 41.7,69.5 41.4,69.5</polygon>")]),
        "a polygon must not intersect itself"),
    "a circle that is not lat,lon radius": (
        cap12(infos=[_info(area="<circle>41.5 69.6 10</circle>")]),
        "a circle must be 'lat,lon radius' with coordinates in range"),
    "a ceiling without altitude": (
        cap12(infos=[_info(area=POLYGON + "<ceiling>3000</ceiling>")]), "ceiling is only allowed with altitude"),
}


def _post(client, user, body, **headers):
    return client.post("/cap/inbox/", body, content_type="application/cap+xml", HTTP_ACCEPT="application/json",
                       **token_header(user), **headers)


@pytest.mark.parametrize("case", LEGAL)
def test_a_message_the_xsd_accepts_is_valid_cap_to_the_oasis_schema(case):
    assert cap_schema().validate(parse_safely(LEGAL[case][0])), cap_schema().error_log


@pytest.mark.parametrize("case", LEGAL)
def test_a_message_that_breaks_only_the_profile_is_taken_in(client, focal_points, case):
    body, _warning = LEGAL[case]
    response = _post(client, focal_points["UZB"].user, body, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 201, response.json()
    assert bytes(Alert.objects.get(pk=response.json()["id"]).xml) == body


@pytest.mark.parametrize("case", LEGAL)
def test_the_profile_rule_it_breaks_is_kept_as_a_warning(client, focal_points, case):
    body, warning = LEGAL[case]
    response = _post(client, focal_points["UZB"].user, body, HTTP_ACCEPT_LANGUAGE="en")
    stored = Alert.objects.get(pk=response.json()["id"])
    assert warning in [entry["en"] for entry in stored.intake_warnings]
    assert warning in response.json()["warnings"]


@pytest.mark.parametrize("case", LEGAL)
def test_an_outgoing_message_with_the_same_fault_is_still_refused(case):
    assert LEGAL[case][1] in cap_errors(parse_safely(LEGAL[case][0]))


def test_the_warnings_are_written_in_russian_english_and_kazakh(client, focal_points):
    response = _post(client, focal_points["UZB"].user, LEGAL["scope Private without addresses"][0])
    stored = Alert.objects.get(pk=response.json()["id"])
    assert stored.intake_warnings == [{"ru": "для scope Private нужны addresses",
                                       "en": "scope Private needs addresses",
                                       "kk": "scope Private үшін addresses қажет"}]


def test_a_message_that_keeps_the_profile_has_no_warnings(client, focal_points):
    response = _post(client, focal_points["UZB"].user, cap12())
    assert Alert.objects.get(pk=response.json()["id"]).intake_warnings == []


def test_the_dashboard_flags_a_received_message_with_its_warnings(client, admin_user, focal_points):
    _post(client, focal_points["UZB"].user, LEGAL["two infos in the same language"][0])
    _post(client, focal_points["UZB"].user, cap12(identifier="urn:oid:2.49.0.1.860.9.102"))
    client.force_login(admin_user)
    page = client.get("/alerts/", HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    flagged = page.split('data-identifier="urn:oid:2.49.0.1.860.9.101"')[1].split("</tr>")[0]
    clean = page.split('data-identifier="urn:oid:2.49.0.1.860.9.102"')[1].split("</tr>")[0]
    assert 'class="warned"' in flagged
    assert "у каждого блока info должен быть свой язык" in flagged
    assert 'data-warnings="0"' in clean
    assert 'class="warned"' not in clean


def test_what_the_xsd_refuses_is_still_refused_and_kept(client, focal_points):
    body = cap12().replace(b"<urgency>Expected</urgency>", b"<urgency>Soon</urgency>")
    response = _post(client, focal_points["UZB"].user, body)
    assert (response.status_code, response.json()["error"]) == (400, "invalid_cap")
    assert RejectedMessage.objects.get().error == "invalid_cap"


def test_an_identifier_longer_than_the_atlas_keeps_is_refused_not_a_server_error(client, focal_points):
    response = _post(client, focal_points["UZB"].user, cap12(identifier="x" * 201))
    assert (response.status_code, response.json()["error"]) == (400, "invalid_cap")
