"""CAP 1.1 and 1.0 taken in: converted to CAP 1.2 (namespace, times, "Very Likely", 1.0's password and its
`valueName=value` pairs, a resource's missing mimeType), validated as 1.2, kept as received byte for byte, the
conversion noted among the message's warnings. The messages follow the examples of the CAP 1.1 and 1.0
specifications, with the region's own events and values."""

from datetime import UTC, datetime

import pytest
from lxml import etree

from alerts.cap import CAP
from alerts.legacy import legacy_convert
from alerts.models import Alert
from alerts.validation import cap_schema, parse_safely

from .conftest import token_header

pytestmark = pytest.mark.django_db

CAP_11 = b"""<?xml version="1.0" encoding="UTF-8"?>
<alert xmlns="urn:oasis:names:tc:emergency:cap:1.1">
  <identifier>UZHYDROMET-2025-0412-MUDFLOW</identifier>
  <sender>uzb@cap.uz.example</sender>
  <sent>2025-04-12T04:15:00Z</sent>
  <status>Actual</status>
  <msgType>Alert</msgType>
  <source>Uzhydromet mountain station Pskem</source>
  <scope>Public</scope>
  <incidents>UZHYDROMET-2025-0412</incidents>
  <info>
    <category>Geo</category>
    <category>Met</category>
    <event>Mudflow</event>
    <responseType>Evacuate</responseType>
    <urgency>Immediate</urgency>
    <severity>Severe</severity>
    <certainty>Very Likely</certainty>
    <eventCode><valueName>UZHYDROMET</valueName><value>SEL</value></eventCode>
    <effective>2025-04-12T04:15:00.250Z</effective>
    <expires>2025-04-12T16:00:00Z</expires>
    <senderName>Uzhydromet, Tashkent</senderName>
    <headline>Mudflow expected in the Pskem valley</headline>
    <description>Heavy rain on melting snow: mudflows likely in the side valleys of the Pskem.</description>
    <instruction>Leave the river banks and the mouths of the side valleys.</instruction>
    <area>
      <areaDesc>Pskem valley, Bostanliq district</areaDesc>
      <polygon>41.60,70.00 41.60,70.40 41.95,70.40 41.95,70.00 41.60,70.00</polygon>
      <geocode><valueName>ISO3166-2</valueName><value>UZ-TO</value></geocode>
    </area>
  </info>
</alert>
"""

CAP_10 = b"""<?xml version="1.0" encoding="UTF-8"?>
<alert xmlns="http://www.incident.com/cap/1.0">
  <identifier>UZ-SEISMIC-2004-117</identifier>
  <sender>uzb@cap.uzb.example</sender>
  <password>seismo-2004</password>
  <sent>2004-09-01T02:41:17+05:00</sent>
  <status>Actual</status>
  <msgType>Alert</msgType>
  <scope>Public</scope>
  <info>
    <category>Geo</category>
    <event>Earthquake</event>
    <urgency>Past</urgency>
    <severity>Minor</severity>
    <certainty>Very Likely</certainty>
    <eventCode>SAME=EQW</eventCode>
    <senderName>Institute of Seismology, Tashkent</senderName>
    <headline>Magnitude 4.6 earthquake near Gazli</headline>
    <description>A light earthquake was felt in Gazli and Bukhara. No damage reported.</description>
    <parameter>magnitude=4.6</parameter>
    <resource>
      <resourceDesc>Map of the epicentre</resourceDesc>
      <uri>http://seismo.uz.example/2004/117.png</uri>
    </resource>
    <area>
      <areaDesc>Gazli, Bukhara region</areaDesc>
      <circle>40.13,63.45 30</circle>
      <geocode>ISO3166-2=UZ-BU</geocode>
    </area>
  </info>
</alert>
"""


def _post(client, user, body):
    return client.post("/cap/inbox/", body, content_type="application/cap+xml", HTTP_ACCEPT="application/json",
                       HTTP_ACCEPT_LANGUAGE="en", **token_header(user))


def _converted(body: bytes):
    return legacy_convert(parse_safely(body))[0]


@pytest.mark.parametrize("body", [CAP_11, CAP_10], ids=["CAP 1.1", "CAP 1.0"])
def test_an_older_message_converts_to_valid_cap_1_2(body):
    assert cap_schema().validate(_converted(body)), cap_schema().error_log


@pytest.mark.parametrize("body", [CAP_11, CAP_10], ids=["CAP 1.1", "CAP 1.0"])
def test_an_older_message_is_not_cap_1_2_as_it_comes(body):
    assert not cap_schema().validate(parse_safely(body))


def test_a_cap_1_1_message_is_taken_in_and_kept_as_received(client, focal_points):
    response = _post(client, focal_points["UZB"].user, CAP_11)
    assert response.status_code == 201, response.json()
    stored = Alert.objects.get(pk=response.json()["id"])
    assert bytes(stored.xml) == CAP_11
    assert (stored.sender, stored.identifier, stored.incidents) == (
        "uzb@cap.uz.example", "UZHYDROMET-2025-0412-MUDFLOW", "UZHYDROMET-2025-0412")
    assert stored.sent == datetime(2025, 4, 12, 4, 15, tzinfo=UTC)


def test_the_conversion_from_cap_1_1_is_noted_among_the_warnings(client, focal_points):
    response = _post(client, focal_points["UZB"].user, CAP_11)
    warnings = [entry["en"] for entry in Alert.objects.get(pk=response.json()["id"]).intake_warnings]
    assert warnings == ["converted from CAP 1.1 to CAP 1.2", "certainty “Very Likely” read as “Likely”"]


def test_the_conversion_is_noted_in_russian_and_kazakh_too(client, focal_points):
    response = _post(client, focal_points["UZB"].user, CAP_11)
    first = Alert.objects.get(pk=response.json()["id"]).intake_warnings[0]
    assert (first["ru"], first["kk"]) == ("преобразовано из CAP 1.1 в CAP 1.2",
                                          "CAP 1.1 нұсқасынан CAP 1.2-ге түрлендірілді")


def test_cap_1_1_times_in_utc_with_fractions_become_cap_1_2_times():
    info = _converted(CAP_11).find(CAP + "info")
    assert (info.findtext(CAP + "effective"), info.findtext(CAP + "expires")) == (
        "2025-04-12T04:15:00-00:00", "2025-04-12T16:00:00-00:00")


def test_a_cap_1_0_message_is_taken_in_with_its_conversion_noted(client, focal_points):
    response = _post(client, focal_points["UZB"].user, CAP_10)
    assert response.status_code == 201, response.json()
    stored = Alert.objects.get(pk=response.json()["id"])
    assert bytes(stored.xml) == CAP_10
    assert [entry["en"] for entry in stored.intake_warnings] == [
        "converted from CAP 1.0 to CAP 1.2", "certainty “Very Likely” read as “Likely”",
        "the password of CAP 1.0 was dropped"]


def test_cap_1_0_password_is_dropped():
    assert _converted(CAP_10).find(CAP + "password") is None


def test_cap_1_0_value_pairs_become_elements():
    converted = _converted(CAP_10)
    pairs = [(element.findtext(CAP + "valueName"), element.findtext(CAP + "value"))
             for element in converted.iter(CAP + "eventCode", CAP + "parameter", CAP + "geocode")]
    assert pairs == [("SAME", "EQW"), ("magnitude", "4.6"), ("ISO3166-2", "UZ-BU")]


def test_a_cap_1_0_resource_without_mime_type_gets_one():
    resource = _converted(CAP_10).find(f"{CAP}info/{CAP}resource")
    assert [etree.QName(child).localname for child in resource] == ["resourceDesc", "mimeType", "uri"]


def test_an_older_message_invalid_after_conversion_is_refused(client, focal_points):
    body = CAP_11.replace(b"<urgency>Immediate</urgency>", b"<urgency>Soon</urgency>")
    response = _post(client, focal_points["UZB"].user, body)
    assert (response.status_code, response.json()["error"]) == (400, "invalid_cap")


def test_an_older_message_of_another_countrys_sender_is_refused(client, focal_points):
    response = _post(client, focal_points["KAZ"].user, CAP_11)
    assert (response.status_code, response.json()["error"]) == (403, "sender_not_allowed")


def test_the_cap_error_refusing_an_older_message_references_it(client, focal_points):
    response = client.post("/cap/inbox/", CAP_11, content_type="application/cap+xml",
                           **token_header(focal_points["KAZ"].user))
    reply = parse_safely(response.content)
    assert cap_schema().validate(reply), cap_schema().error_log
    assert reply.findtext(CAP + "references") == \
        "uzb@cap.uz.example,UZHYDROMET-2025-0412-MUDFLOW,2025-04-12T04:15:00-00:00"
