"""The dashboard of focal points and the regional centre (per neighbour: sent → delivered → received →
acknowledged, or escalated, with the minutes to each step; drills per country), its acknowledge button, the
composer page, and the alert area taken from an uploaded file or from features of an atlas layer."""

import io
import zipfile
from datetime import timedelta

import geopandas as gpd
import lxml.html
import pytest
from django.db import connection
from shapely.geometry import Point, Polygon

from alerts.escalation import escalations_run
from alerts.models import Acknowledgement, Alert, Delivery
from hazards.models import Layer

from .conftest import TOKTOGUL, draft_payload, token_header

pytestmark = pytest.mark.django_db


def _send(client, user, **overrides):
    headers = token_header(user)
    draft = client.post("/api/v1/alerts/", draft_payload(**overrides), content_type="application/json", **headers)
    assert draft.status_code == 201, draft.json()
    sent = client.post(f"/api/v1/alerts/{draft.json()['id']}/send/", **headers)
    assert sent.status_code == 201, sent.json()
    return Alert.objects.get(pk=sent.json()["regional"]["id"])


def _rows(response) -> dict[str, lxml.html.HtmlElement]:
    assert response.status_code == 200
    tree = lxml.html.fromstring(response.content)
    return {row.get("data-address"): row for row in tree.xpath("//tr[@data-address]")}


def _set_delivered(regional: Alert, address: str, minutes: float) -> None:
    delivery = Delivery.objects.filter(alert=regional, focal_point__address=address).first() or \
        Delivery.objects.create(alert=regional, focal_point_id=_point_id(address), channel=Delivery.Channel.WEBHOOK)
    Delivery.objects.filter(pk=delivery.pk).update(state=Delivery.State.DELIVERED,
                                                   delivered_at=regional.sent + timedelta(minutes=minutes))


def _point_id(address):
    from alerts.models import FocalPoint

    return FocalPoint.objects.get(address=address).pk


def _ack(regional: Alert, address: str, kind: str, minutes: float) -> None:
    ack = Acknowledgement.objects.create(alert=regional, focal_point_id=_point_id(address), kind=kind)
    Acknowledgement.objects.filter(pk=ack.pk).update(at=regional.sent + timedelta(minutes=minutes))


def test_the_dashboard_shows_each_neighbour_step_and_minutes_in_russian(client, kgz_issuer, focal_points):
    regional = _send(client, kgz_issuer)
    addressed = set(regional.address_tokens())
    assert {"uzb-mchs", "kaz-mchs", "cesdrr-centre"} <= addressed  # the Naryn flows to Uzbekistan, then Kazakhstan
    _set_delivered(regional, "uzb-mchs", 0.5)
    _ack(regional, "uzb-mchs", Acknowledgement.Kind.RECEIPT, 1)
    _ack(regional, "uzb-mchs", Acknowledgement.Kind.OPERATOR, 6)
    _set_delivered(regional, "kaz-mchs", 2)
    escalations_run(now=regional.sent + timedelta(minutes=11))  # Kazakhstan never answered: sent again

    client.force_login(focal_points["UZB"].user)
    response = client.get("/alerts/", HTTP_ACCEPT_LANGUAGE="ru")
    rows = _rows(response)
    uzb, kaz = rows["uzb-mchs"], rows["kaz-mchs"]
    assert uzb.get("data-step") == "acknowledged"
    cells = [cell.text_content().strip() for cell in uzb.xpath("./td")]
    assert cells[0] == "подтверждено"
    assert cells[1:4] == ["0,5", "1,0", "6,0"]
    assert kaz.get("data-step") == "delivered"
    assert "escalated" in kaz.get("class")
    assert "эскалация" in kaz.text_content()
    page = response.content.decode()
    assert "Угроза прорыва: Токтогульское водохранилище" in page
    assert "Кыргызстан" in page
    assert regional.identifier in page  # the link to the CAP document


def test_a_focal_point_acknowledges_from_the_dashboard_once(client, kgz_issuer, focal_points):
    regional = _send(client, kgz_issuer)
    uzb = focal_points["UZB"].user
    client.force_login(uzb)
    rows = _rows(client.get("/alerts/", HTTP_ACCEPT_LANGUAGE="ru"))
    form = rows["uzb-mchs"].xpath(".//form[@class='ack']")
    assert form
    assert not rows["kaz-mchs"].xpath(".//form[@class='ack']")
    response = client.post(form[0].get("action"), {"note": "принято дежурным"}, HTTP_ACCEPT_LANGUAGE="ru")
    assert response.status_code == 302
    ack = Acknowledgement.objects.get(alert=regional, focal_point=focal_points["UZB"],
                                      kind=Acknowledgement.Kind.OPERATOR)
    assert ack.user == uzb
    assert ack.note == "принято дежурным"
    after = _rows(client.get("/alerts/", HTTP_ACCEPT_LANGUAGE="ru"))
    assert after["uzb-mchs"].get("data-step") == "acknowledged"
    assert not after["uzb-mchs"].xpath(".//form[@class='ack']")


def test_the_dashboard_shows_only_what_the_reader_may_read(client, kgz_issuer, focal_points, kaz_editor):
    _send(client, kgz_issuer)
    assert client.get("/alerts/").status_code == 302  # sign in first
    client.force_login(kaz_editor)  # neither addressed nor a duty officer: the private regional message is hidden
    assert _rows(client.get("/alerts/")) == {}
    client.force_login(kgz_issuer)
    assert "uzb-mchs" in _rows(client.get("/alerts/"))


def test_the_drills_report_gives_the_median_minutes_per_country(client, kgz_issuer, focal_points):
    for minutes in (4, 8, 30):
        regional = _send(client, kgz_issuer, status="Exercise")
        _set_delivered(regional, "uzb-mchs", 1)
        _ack(regional, "uzb-mchs", Acknowledgement.Kind.OPERATOR, minutes)
    _send(client, kgz_issuer)  # an actual alert is no drill
    client.force_login(focal_points["centre"].user)
    tree = lxml.html.fromstring(client.get("/alerts/", HTTP_ACCEPT_LANGUAGE="en").content)
    row = tree.xpath("//table[@class='exercises']//tr[@data-country='UZB']")[0]
    cells = [cell.text_content().strip() for cell in row.xpath("./td")]
    assert cells == ["3", "3", "1.0", "8.0", "8.0"]  # receipt is counted at the operator's acknowledgement
    assert tree.xpath("//span[contains(@class, 'status-exercise')]")


def test_the_composer_is_for_duty_officers_in_the_page_language(client, kgz_issuer, kaz_editor):
    client.force_login(kaz_editor)
    assert client.get("/alerts/new/").status_code == 403
    client.force_login(kgz_issuer)
    response = client.get("/alerts/new/", HTTP_ACCEPT_LANGUAGE="kk")
    assert response.status_code == 200
    import json

    tree = lxml.html.fromstring(response.content)
    config = json.loads(tree.get_element_by_id("compose-config").text)
    assert [c["iso3"] for c in config["countries"]] == ["KGZ"]
    wording = config["wording"]["flood"]
    assert wording["ru"]["event"] == "Паводок"
    assert wording["en"]["event"] == "Flood"
    assert wording["kk"]["event"] == "Су тасқыны"
    assert {h["code"] for h in config["hazards"]} >= {"flood", "seismic", "mudflow", "manmade"}
    severity = {c["value"]: c["label"] for c in config["severity"]}
    assert severity["Severe"] == "Қатты"  # as the map's popups say


def _shapefile_zip(frame: gpd.GeoDataFrame, tmp_path) -> io.BytesIO:
    folder = tmp_path / "shp"
    folder.mkdir()
    frame.to_file(folder / "zone.shp", encoding="cp1251")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in folder.iterdir():
            archive.write(path, path.name)
    buffer.seek(0)
    buffer.name = "zone.zip"
    return buffer


def test_an_area_comes_from_a_pulkovo_shapefile(client, kgz_issuer, tmp_path):
    toktogul = Polygon(TOKTOGUL["coordinates"][0])
    frame = gpd.GeoDataFrame({"name": ["Зона затопления"]}, geometry=[toktogul], crs="EPSG:4326").to_crs("EPSG:28413")
    client.force_login(kgz_issuer)
    response = client.post("/api/v1/alerts/areas/from-file/", {"file": _shapefile_zip(frame, tmp_path)})
    assert response.status_code == 200, response.json()
    from shapely.geometry import shape

    area = shape(response.json()["geometry"])
    # Back in WGS 84 the box lands where it was drawn (Pulkovo 1942 → WGS 84 by the file's own .prj: ~100 m).
    assert area.symmetric_difference(toktogul).area / toktogul.area < 0.01
    assert response.json()["properties"]["name"] == "zone"


def test_an_area_file_without_polygons_or_from_a_stranger_is_refused(client, kgz_issuer, kaz_editor, tmp_path):
    points = gpd.GeoDataFrame({"name": ["a"]}, geometry=[Point(72.8, 41.7)], crs="EPSG:4326")
    path = tmp_path / "points.geojson"
    points.to_file(path, driver="GeoJSON")
    client.force_login(kaz_editor)
    with open(path, "rb") as file:
        assert client.post("/api/v1/alerts/areas/from-file/", {"file": file}).status_code == 403
    client.force_login(kgz_issuer)
    with open(path, "rb") as file:
        response = client.post("/api/v1/alerts/areas/from-file/", {"file": file}, HTTP_ACCEPT_LANGUAGE="ru")
    assert response.status_code == 400
    assert "нет полигонов" in response.json()["detail"]
    fake = io.BytesIO(b"not a zip at all")
    fake.name = "zone.zip"
    response = client.post("/api/v1/alerts/areas/from-file/", {"file": fake})
    assert response.status_code == 400
    assert response.json()["error"] == "not_geodata"


def test_an_area_comes_from_features_of_a_public_layer(client, kgz_issuer, focal_points):
    with connection.cursor() as cursor:
        cursor.execute("""SELECT f.layer_slug, f.fid FROM hazards_published_feature f
                          WHERE f.layer_access = 'public' AND f.label ILIKE '%%toktogul%%'
                            AND ST_Dimension(f.geom) = 0 AND f.layer_role = ''
                          ORDER BY f.layer_slug LIMIT 1""")
        slug, fid = cursor.fetchone()
    payload = draft_payload(areas=[{"area_desc": "Токтогульская ГЭС", "features": {
        "layer": slug, "ids": [fid], "buffer_km": 5}}])
    headers = token_header(kgz_issuer)
    response = client.post("/api/v1/alerts/", payload, content_type="application/json", **headers)
    assert response.status_code == 201, response.json()
    alert = Alert.objects.get(pk=response.json()["id"])
    area = alert.areas.get().geom
    with connection.cursor() as cursor:  # a 5 km buffer: about 78.5 km², measured on the ellipsoid
        cursor.execute("SELECT ST_Area(%s::geography) / 1e6", [area.ewkt])
        assert 70 < cursor.fetchone()[0] < 80
    reach = client.post(f"/api/v1/alerts/{alert.pk}/reach/", **headers).json()
    assert "UZB" in reach["downstream"]
    Layer.objects.filter(slug=slug).update(access=Layer.Access.RESTRICTED)  # nothing of a restricted layer goes out
    response = client.post("/api/v1/alerts/", payload, content_type="application/json", **headers)
    assert response.status_code == 400
    assert response.json()["error"] == "unknown_layer"


@pytest.mark.parametrize("codes", [["KG-J"], ["KG-N"], ["KG-J", "KG-N"]])
def test_overlapping_areas_of_one_alert_give_one_reach(client, kgz_issuer, focal_points, codes):
    """A drawn zone and picked regions that overlap or touch it (Toktogul lies in Jalal-Abad region, by Naryn's):
    the areas are one union for the reach, not an invalid collection of overlapping polygons."""
    drawn = {"type": "Polygon", "coordinates": [[[72.55, 41.95], [73.6, 41.95], [73.6, 41.55], [72.55, 41.55],
                                                 [72.55, 41.95]]]}  # reaches into Naryn region
    payload = draft_payload(areas=[{"area_desc": "Токтогул", "geometry": drawn},
                                   {"area_desc": "Области", "admin_areas": codes}])
    headers = token_header(kgz_issuer)
    draft = client.post("/api/v1/alerts/", payload, content_type="application/json", **headers)
    assert draft.status_code == 201, draft.json()
    reach = client.post(f"/api/v1/alerts/{draft.json()['id']}/reach/", **headers)
    assert reach.status_code == 200, reach.content
    assert "KGZ" in reach.json()["countries"]
    assert "UZB" in reach.json()["downstream"]
    assert set(codes) <= {area["code"] for area in reach.json()["admin_areas"]}


def test_a_picked_region_does_not_touch_the_regions_it_only_borders(client, kgz_issuer, focal_points):
    """Naryn region borders Chui, Issyk-Kul, Jalal-Abad and Osh regions: picked alone, it touches itself and its
    own districts only, though its simplified outline overlaps theirs by slivers."""
    payload = draft_payload(areas=[{"area_desc": "Нарынская область", "admin_areas": ["KG-N"]}])
    headers = token_header(kgz_issuer)
    draft = client.post("/api/v1/alerts/", payload, content_type="application/json", **headers).json()
    reach = client.post(f"/api/v1/alerts/{draft['id']}/reach/", **headers).json()
    regions = {area["code"] for area in reach["admin_areas"] if area["level"] == 1}
    assert regions == {"KG-N"}
    assert all(area["country"] == "KGZ" for area in reach["admin_areas"])
    # Countries stay conservative (any contact notifies): Naryn region borders China.
    assert "KGZ" in reach["countries"]
    assert set(reach["countries"]) <= {"KGZ", "CHN"}
