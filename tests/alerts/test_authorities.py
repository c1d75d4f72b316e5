"""Identifiers per country: each member's CAP authority is its own OID (ATLAS_CAP_AUTHORITIES, 2.49.0.0.<ISO
numeric>.<n>), its messages are numbered under 2.49.0.1.<ISO numeric>.<n>; an operator Ack is made in the
acknowledging country's range only on that country's own node, else by the hub under the hub's OID; malformed
settings stop the atlas at start-up (issue 27)."""

import os
import subprocess
import sys

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import ImproperlyConfigured

from alerts.cap import CAP, reply_identifier_new
from alerts.checks import cap_authorities_check, public_url_check
from alerts.models import Alert
from alerts.validation import cap_errors, cap_schema, parse_safely
from atlas.composite import cap_authorities

from .conftest import draft_payload, token_header

pytestmark = pytest.mark.django_db
AUTHORITIES = {"KAZ": "2.49.0.0.398.4", "KGZ": "2.49.0.0.417.7", "TJK": "2.49.0.0.762.1", "TKM": "2.49.0.0.795.1",
               "UZB": "2.49.0.0.860.5"}


@pytest.fixture
def authorities(settings):
    settings.CAP_AUTHORITIES = dict(AUTHORITIES)
    return settings


def _send(client, user) -> dict:
    headers = token_header(user)
    draft = client.post("/api/v1/alerts/", draft_payload(), content_type="application/json", **headers).json()
    return client.post(f"/api/v1/alerts/{draft['id']}/send/", **headers).json()


def _acknowledge(client, regional_id: int, point) -> Alert:
    answer = client.post(f"/api/v1/alerts/{regional_id}/acknowledge/", {"note": "принято"},
                         content_type="application/json", **token_header(point.user)).json()
    return Alert.objects.get(identifier=answer["message"])


def _root(alert: Alert):
    root = parse_safely(bytes(alert.xml))
    assert cap_schema().validate(root), cap_schema().error_log
    assert cap_errors(root, require_references=alert.msg_type != "Alert") == []
    return root


def test_a_countrys_messages_are_numbered_under_its_own_authority(client, authorities, kgz_issuer, focal_points):
    sent = _send(client, kgz_issuer)
    for track in ("national", "regional"):
        root = _root(Alert.objects.get(pk=sent[track]["id"]))
        assert root.findtext(CAP + "identifier").startswith("urn:oid:2.49.0.1.417.7.")
        assert root.findtext(CAP + "sender").startswith("kgz@")


def test_each_country_answers_in_its_own_range(authorities):
    assert reply_identifier_new("KAZ").startswith("urn:oid:2.49.0.1.398.4.")
    assert reply_identifier_new("UZB").startswith("urn:oid:2.49.0.1.860.5.")


def test_the_hub_acknowledges_under_its_own_oid_never_in_the_neighbours_range(client, authorities, kgz_issuer,
                                                                               focal_points):
    authorities.ATLAS_NODE_COUNTRY = ""
    regional = _send(client, kgz_issuer)["regional"]["id"]
    root = _root(_acknowledge(client, regional, focal_points["UZB"]))
    assert root.findtext(CAP + "identifier").startswith(f"urn:oid:{authorities.CAP_HUB_OID}.")
    assert not root.findtext(CAP + "identifier").startswith("urn:oid:2.49.0.1.860.")
    assert root.findtext(CAP + "sender").startswith("hub@")


def test_a_countrys_own_node_acknowledges_in_its_own_range(client, authorities, kgz_issuer, focal_points):
    authorities.ATLAS_NODE_COUNTRY = "UZB"
    regional = _send(client, kgz_issuer)["regional"]["id"]
    root = _root(_acknowledge(client, regional, focal_points["UZB"]))
    assert root.findtext(CAP + "identifier").startswith("urn:oid:2.49.0.1.860.5.")
    assert root.findtext(CAP + "sender").startswith("uzb@")


def test_a_node_acknowledges_for_another_country_under_the_hubs_oid(client, authorities, kgz_issuer, focal_points):
    authorities.ATLAS_NODE_COUNTRY = "KAZ"
    regional = _send(client, kgz_issuer)["regional"]["id"]
    root = _root(_acknowledge(client, regional, focal_points["UZB"]))
    assert root.findtext(CAP + "identifier").startswith(f"urn:oid:{authorities.CAP_HUB_OID}.")


def test_the_authorities_setting_is_read_over_the_placeholders():
    values = cap_authorities('{"kaz": " 2.49.0.0.398.9 "}', authority=django_settings.CAP_AUTHORITY)
    assert values["KAZ"] == "2.49.0.0.398.9"
    assert values["UZB"] == f"2.49.0.0.860.{django_settings.CAP_AUTHORITY}"


@pytest.mark.parametrize("text", ["not json", '["2.49.0.0.398.1"]', '{"KAZ": 398}'])
def test_an_authorities_setting_of_the_wrong_shape_is_refused(text):
    with pytest.raises(ImproperlyConfigured):
        cap_authorities(text, authority="1")


def _ids(messages) -> list[str]:
    return [message.id for message in messages]


@pytest.mark.parametrize("oid", ["2.49.0.0.417.1", "2.49.0.1.398.1", "2.49.0.0.398", "2.49.0.0.398.01",
                                 "2.49.0.0.398.x", "urn:oid:2.49.0.0.398.1"])
def test_a_malformed_authority_fails_the_start_up_check(settings, oid):
    settings.CAP_AUTHORITIES = {**AUTHORITIES, "KAZ": oid}
    assert _ids(cap_authorities_check()) == ["alerts.E002"]


def test_an_authority_of_a_country_that_is_no_member_fails_the_check(settings):
    settings.CAP_AUTHORITIES = {**AUTHORITIES, "AFG": "2.49.0.0.4.0"}
    assert _ids(cap_authorities_check()) == ["alerts.E002"]


@pytest.mark.parametrize("oid", ["2.49.0.1.0.", "hub", "1.3.6.1.4.1", "2.49.0.1.0.01"])
def test_a_malformed_hub_oid_fails_the_check(settings, oid):
    settings.CAP_AUTHORITIES, settings.CAP_HUB_OID = dict(AUTHORITIES), oid
    assert _ids(cap_authorities_check()) == ["alerts.E003"]


def test_a_node_country_that_is_no_member_fails_the_check(settings):
    settings.CAP_AUTHORITIES, settings.ATLAS_NODE_COUNTRY = dict(AUTHORITIES), "AFG"
    assert _ids(cap_authorities_check()) == ["alerts.E004"]


def test_the_defaults_pass_the_check():
    assert cap_authorities_check() == []


def _check(**environ) -> subprocess.CompletedProcess:
    env = {**os.environ, **environ}
    return subprocess.run([sys.executable, "manage.py", "check", "--fail-level", "ERROR"], env=env,
                          capture_output=True, text=True, timeout=120, cwd=django_settings.BASE_DIR)


def test_manage_check_stops_on_a_malformed_authority():
    result = _check(ATLAS_CAP_AUTHORITIES='{"KGZ": "2.49.0.0.398.1"}')
    assert result.returncode != 0
    assert "alerts.E002" in result.stderr + result.stdout


@pytest.mark.parametrize("url", ["127.0.0.1:8000", "/atlas", "ftp://atlas.example.org", "https://"])
def test_a_public_url_that_is_not_absolute_http_fails_the_check(settings, url):
    settings.ATLAS_PUBLIC_URL = url
    assert _ids(public_url_check()) == ["alerts.E005"]


def test_the_local_default_is_refused_when_the_atlas_is_served_to_others(settings):
    settings.DEBUG, settings.ALLOWED_HOSTS = False, ["atlas.example.org", "127.0.0.1"]
    settings.ATLAS_PUBLIC_URL = "http://127.0.0.1:8000"
    assert _ids(public_url_check()) == ["alerts.E006"]


def test_the_local_default_is_kept_for_a_local_run(settings):
    settings.DEBUG, settings.ALLOWED_HOSTS = False, ["127.0.0.1", "localhost", "[::1]"]
    settings.ATLAS_PUBLIC_URL = "http://127.0.0.1:8000"
    assert public_url_check() == []


def test_a_public_address_passes_the_check(settings):
    settings.DEBUG, settings.ALLOWED_HOSTS = False, ["atlas.example.org"]
    settings.ATLAS_PUBLIC_URL = "https://atlas.example.org"
    assert public_url_check() == []
