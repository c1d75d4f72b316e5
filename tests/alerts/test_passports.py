"""Passports show the country's public alerts: those in force first, then the last year's; never private ones."""

from datetime import timedelta

import pytest
from django.utils import timezone

from alerts.models import Alert, AlertInfo
from hazards.models import Country

pytestmark = pytest.mark.django_db


def _alert(serial: int, *, scope=Alert.Scope.PUBLIC, hours_left=24, days_ago=0, headline="Угроза селя"):
    sent = timezone.now() - timedelta(days=days_ago)
    alert = Alert.objects.create(
        identifier=f"urn:oid:2.49.0.1.417.1.{serial}", sender="kgz@cap.test", sent=sent, scope=scope,
        addresses="uzb-duty" if scope == Alert.Scope.PRIVATE else "", state=Alert.State.SENT,
        track=Alert.Track.NATIONAL if scope == Alert.Scope.PUBLIC else Alert.Track.REGIONAL,
        source_country=Country.objects.get(iso3="KGZ"), expires=sent + timedelta(hours=hours_left))
    for language, text in (("ru", headline), ("en", "Mudflow threat")):
        AlertInfo.objects.create(alert=alert, language=language, category=["Geo"], event="Mudflow",
                                 urgency="Expected", severity="Severe", certainty="Likely", headline=text)
    return alert


def test_the_country_passport_lists_its_alerts_in_force_and_of_the_last_year(client):
    live = _alert(1)
    old = _alert(2, days_ago=40, hours_left=6)
    _alert(3, scope=Alert.Scope.PRIVATE)
    _alert(4, days_ago=500)
    shown = client.get("/api/v1/passports/KGZ/", HTTP_ACCEPT_LANGUAGE="ru").json()["alerts"]
    assert [a["identifier"] for a in shown] == [live.identifier, old.identifier]
    assert shown[0]["active"]
    assert not shown[1]["active"]
    assert shown[0]["headline"] == "Угроза селя"
    page = client.get("/passport/KGZ/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Mudflow threat" in page
    assert f"/cap/alerts/{live.identifier}.xml" in page
    assert "urn:oid:2.49.0.1.417.1.3" not in page


def test_an_area_passport_lists_the_alerts_reaching_into_it_with_translated_severity(client):
    from django.contrib.gis.geos import MultiPolygon, Polygon

    from alerts.models import AlertArea

    toktogul = _alert(11, headline="Угроза прорыва: Токтогул")
    AlertArea.objects.create(alert=toktogul, area_desc="Токтогул", geom=MultiPolygon(Polygon.from_bbox(
        (72.3, 41.45, 73.2, 42.0)), srid=4326))  # Jalal-Abad region
    issyk_kul = _alert(12, headline="Угроза селя: Каракол")
    AlertArea.objects.create(alert=issyk_kul, area_desc="Каракол", geom=MultiPolygon(Polygon.from_bbox(
        (78.3, 42.4, 78.5, 42.6)), srid=4326))
    shown = client.get("/api/v1/passports/KGZ/KG-J/", HTTP_ACCEPT_LANGUAGE="ru").json()["alerts"]
    assert [a["identifier"] for a in shown] == [toktogul.identifier]
    assert shown[0]["severity_label"] == "Сильная"  # as the map's popups say
    page = client.get("/passport/KGZ/KG-J/", HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert "Угроза прорыва: Токтогул" in page
    assert "Каракол" not in page
    assert ">Сильная<" in page
    assert ">Severe<" not in page
