"""Active alerts on the map: one selector (alerts.active) behind the OGC API collection `alerts` and the vector
tiles /tiles/alerts/…mvt; the GeoJSON parsed and the MVT decoded and checked against the alerts sent here."""

import json
from datetime import timedelta

import mapbox_vector_tile
import pytest
from django.utils import timezone

from alerts.active import alerts_active
from alerts.models import Alert
from alerts.selectors import incident_in_force
from alerts.sending import alert_send
from alerts.services import acknowledgement_operator, alert_cancel, alert_update_draft

from .conftest import token_header
from .factories import send

pytestmark = pytest.mark.django_db
ITEMS = "/ogc/collections/alerts/items"
# Tile 7/89/47 covers 70.3-73.1 E, 40.98-42.55 N: the drawn box around Toktogul (72.3-73.2 E, 41.45-42.0 N).
TILE = "/tiles/alerts/7/89/47.mvt"
TOKTOGUL_POINT = (72.8, 41.7)


def items(client, query="", **headers):
    response = client.get(f"{ITEMS}{query}", **headers)
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == "application/geo+json"
    assert response["Cache-Control"].startswith("private")
    assert "Cookie" in response["Vary"]
    return json.loads(response.content)


def tile(client, url=TILE, **headers):
    response = client.get(url, **headers)
    assert response["Cache-Control"].startswith("private")
    assert "Authorization" in response["Vary"]
    if response.status_code == 204:
        return []
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.mapbox-vector-tile"
    return mapbox_vector_tile.decode(response.content)["alerts"]["features"]


def test_the_selector_keeps_what_is_in_force_and_visible(kgz_issuer, focal_points):
    national, regional = send(kgz_issuer)
    assert set(alerts_active(None)) == {national}
    assert set(alerts_active(kgz_issuer)) == {national, regional}
    assert set(alerts_active(focal_points["UZB"].user)) == {national, regional}   # addressed
    assert set(alerts_active(focal_points["KGZ"].user)) == {national}             # not addressed
    # An Update supersedes both messages; the selector agrees with incident_in_force, track by track.
    update = alert_update_draft(alert=national, user=kgz_issuer, note="выше")
    new_national, new_regional = alert_send(alert=update, user=kgz_issuer)
    assert set(alerts_active(kgz_issuer)) == {new_national, new_regional}
    for track in (Alert.Track.NATIONAL, Alert.Track.REGIONAL):
        assert set(incident_in_force(national.incidents, track)) <= set(alerts_active(kgz_issuer))
    alert_cancel(alert=new_national, user=kgz_issuer, note="отбой")
    assert not alerts_active(kgz_issuer).exists()


def test_expired_and_draft_status_alerts_are_not_active(kgz_issuer, focal_points):
    national, _regional = send(kgz_issuer)
    assert alerts_active(None, now=timezone.now() + timedelta(hours=7)).count() == 0
    Alert.objects.filter(pk=national.pk).update(status=Alert.Status.SYSTEM)
    assert not alerts_active(None).exists()


def test_ogc_items_carry_the_alert_in_the_requested_language(client, kgz_issuer, focal_points):
    national, _regional = send(kgz_issuer)
    body = items(client, "?lang=ru")
    assert body["numberMatched"] == body["numberReturned"] == 1
    feature = body["features"][0]
    props = feature["properties"]
    assert feature["id"] == national.pk
    assert feature["geometry"]["type"] == "MultiPolygon"
    assert props["identifier"] == national.identifier
    assert props["msgType"] == "Alert"
    assert (props["status"], props["scope"], props["severity"], props["urgency"], props["certainty"]) == \
        ("Actual", "Public", "Severe", "Expected", "Likely")
    assert props["headline"] == "Угроза прорыва: Токтогульское водохранилище"
    assert props["instruction"] == "Покиньте пойму реки Нарын."
    assert props["event"] == "Паводок"
    assert props["expires"] == national.expires.astimezone(timezone.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert props["cap"] == f"http://testserver/cap/alerts/{national.identifier}.xml"
    assert client.get(props["cap"]).content == bytes(national.xml)
    # The national area is clipped to Kyrgyzstan: every vertex inside the drawn box.
    lons = [x for ring in feature["geometry"]["coordinates"][0] for x, _y in ring]
    assert min(lons) >= 72.29
    assert max(lons) <= 73.21
    kk = items(client, "", HTTP_ACCEPT_LANGUAGE="kk")["features"][0]["properties"]
    assert kk["headline"] == "Тоқтоғұл су қоймасы: бұзылу қаупі"
    assert kk["language"] == "kk"
    assert items(client, "?lang=en")["features"][0]["properties"]["event"] == "Flood"
    one = client.get(f"{ITEMS}/{national.pk}?lang=ru")
    assert one.status_code == 200
    assert json.loads(one.content)["properties"]["identifier"] == national.identifier


def test_ogc_bbox_limit_and_bad_parameters(client, kgz_issuer, focal_points):
    first, _ = send(kgz_issuer)
    second, _ = send(kgz_issuer, status="Exercise")
    assert items(client)["numberMatched"] == 2
    page = items(client, "?limit=1")
    assert page["numberReturned"] == 1
    assert page["features"][0]["id"] == second.pk
    following = next(link["href"] for link in page["links"] if link["rel"] == "next")
    assert items(client, following.removeprefix("http://testserver").removeprefix(ITEMS))["features"][0]["id"] \
        == first.pk
    assert items(client, "?bbox=72.5,41.5,72.9,41.9")["numberMatched"] == 2
    assert items(client, "?bbox=60,40,61,41")["numberMatched"] == 0
    for query in ("?limit=0", "?limit=abc", "?bbox=1,2,3", "?bbox=10,50,0,40", "?lang=fr", "?colour=red"):
        response = client.get(f"{ITEMS}{query}")
        assert response.status_code == 400, query
        assert response.json()["error"] == "invalid_parameter"
    assert client.get(f"{ITEMS}/999999").status_code == 404


def test_the_collection_is_listed_and_documented(client):
    collections = {c["id"]: c for c in client.get("/ogc/collections").json()["collections"]}
    assert "alerts" in collections
    assert any(link["rel"] == "items" for link in collections["alerts"]["links"])
    assert client.get("/ogc/collections/alerts").json()["id"] == "alerts"
    paths = client.get("/ogc/api").json()["paths"]
    assert "/collections/alerts/items" in paths
    names = {p["name"] for p in paths["/collections/alerts/items"]["get"]["parameters"]}
    assert {"bbox", "limit", "lang"} <= names
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    assert "/ogc/collections/alerts/items" in schema["paths"]
    assert "/tiles/alerts/{z}/{x}/{y}.mvt" in schema["paths"]


def test_tiles_hold_the_active_alerts_of_the_user(client, kgz_issuer, focal_points):
    national, regional = send(kgz_issuer, status="Test")
    features = tile(client, f"{TILE}?lang=ru")
    assert [f["id"] for f in features] == [national.pk]
    props = features[0]["properties"]
    assert props["status"] == "Test"
    assert props["severity"] == "Severe"
    assert props["severity_rank"] == 3
    assert props["headline"] == "Угроза прорыва: Токтогульское водохранилище"
    assert features[0]["geometry"]["type"] in ("Polygon", "MultiPolygon")
    # The label points: one per alert, a point inside its area (tiles 8/179/95 and 8/180/95 hold the box).
    labels = [feature for x in (178, 179, 180)
              for feature in mapbox_vector_tile.decode(client.get(f"/tiles/alerts/8/{x}/95.mvt").content)
              .get("alert_labels", {}).get("features", [])]
    assert {f["id"] for f in labels} == {national.pk}
    assert {f["geometry"]["type"] for f in labels} == {"Point"}
    assert {f["properties"]["status"] for f in labels} == {"Test"}
    assert tile(client, "/tiles/alerts/7/80/47.mvt") == []   # 47-50 E: nothing there
    seen = {f["id"] for f in tile(client, TILE, **token_header(focal_points["UZB"].user))}
    assert seen == {national.pk, regional.pk}
    assert client.get("/tiles/alerts/30/0/0.mvt").status_code == 400
    tilejson = client.get("/tiles/alerts.json").json()
    assert tilejson["tiles"][0].endswith("/tiles/alerts/{z}/{x}/{y}.mvt")
    assert {"severity", "headline", "cap"} <= set(tilejson["vector_layers"][0]["fields"])


def test_circles_are_drawn_as_areas(kgz_issuer, focal_points, client):
    area = {"area_desc": "Токтогул", "circles": ["41.7,72.8 10"]}
    national, _ = send(kgz_issuer, areas=[area])
    feature = items(client)["features"][0]
    assert feature["id"] == national.pk
    lats = [y for ring in feature["geometry"]["coordinates"][0] for _x, y in ring]
    # 10 km is 0.09 degrees of latitude.
    assert abs(max(lats) - 41.7 - 0.09) < 0.005
    assert abs(41.7 - min(lats) - 0.09) < 0.005


def test_a_neighbours_acknowledgement_leaves_the_alert_in_force_on_the_map(kgz_issuer, focal_points, client):
    """An operator's CAP Ack references the message it acknowledges without superseding it: the alert stays on the
    map, in OGC and in the tiles, as incident_in_force says (only a later Alert, Update or Cancel supersedes)."""
    national, regional = send(kgz_issuer)
    uzbek = focal_points["UZB"]
    _acknowledgement, created = acknowledgement_operator(alert=regional, user=uzbek.user, focal_point=uzbek)
    assert created
    assert regional.acknowledgements.get().message.msg_type == Alert.MsgType.ACK
    assert incident_in_force(regional.incidents, Alert.Track.REGIONAL) == [regional]
    assert set(alerts_active(kgz_issuer)) == {national, regional}
    assert set(alerts_active(uzbek.user)) == {national, regional}
    client.force_login(kgz_issuer)
    assert {feature["id"] for feature in items(client)["features"]} == {national.pk, regional.pk}
