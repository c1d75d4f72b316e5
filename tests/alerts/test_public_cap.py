"""What outgoing messages tell the public beyond their texts: <responseType> per hazard type from the wording
registry (AllClear on a Cancel), <contact> from the issuing country's setting, in the XSD's element order."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from lxml import etree

from alerts.cap import NS
from alerts.services import alert_cancel
from alerts.validation import xsd_errors
from atlas.composite import cap_contacts

from .factories import send

pytestmark = pytest.mark.django_db
C = f"{{{NS}}}"


def _infos(alert):
    return etree.fromstring(bytes(alert.xml)).findall(f"{C}info")


def test_a_flood_alert_says_prepare_and_avoid_right_after_the_event(kgz_issuer, focal_points):
    national, regional = send(kgz_issuer)
    for message in (national, regional):
        for info in _infos(message):
            assert [e.text for e in info.findall(f"{C}responseType")] == ["Prepare", "Avoid"]
            names = [etree.QName(child).localname for child in info]
            assert names.index("event") + 1 == names.index("responseType")
            assert names.index("responseType") + 2 == names.index("urgency")


def test_a_cancel_says_all_clear(kgz_issuer, focal_points):
    national, _regional = send(kgz_issuer)
    cancel, _ = alert_cancel(alert=national, user=kgz_issuer)
    assert {e.text for info in _infos(cancel) for e in info.findall(f"{C}responseType")} == {"AllClear"}


def test_the_contact_is_the_issuing_countrys_and_follows_web(kgz_issuer, focal_points, settings):
    settings.CAP_CONTACTS = {"KGZ": "МЧС КР, дежурная часть: 112"}
    national, regional = send(kgz_issuer)
    for message in (national, regional):
        for info in _infos(message):
            assert info.findtext(f"{C}contact") == "МЧС КР, дежурная часть: 112"
            names = [etree.QName(child).localname for child in info]
            assert names.index("web") + 1 == names.index("contact")
        assert xsd_errors(etree.fromstring(bytes(message.xml))) == []


def test_no_contact_is_written_for_a_country_without_one(kgz_issuer, focal_points, settings):
    settings.CAP_CONTACTS = {"UZB": "1050"}
    national, _regional = send(kgz_issuer)
    assert all(info.find(f"{C}contact") is None for info in _infos(national))


@pytest.mark.parametrize("text", ["[1]", '{"KGZ": 112}', '{"KGZ": "<b>112</b>"}', '{"KGZA": "112"}', "{x"])
def test_a_bad_contacts_setting_fails_at_start_up(text):
    with pytest.raises(ImproperlyConfigured):
        cap_contacts(text)
