"""Reach of an alert area from the atlas: Toktogul's reservoir and dam on the Naryn reach the countries
downstream; nothing of a restricted layer leaks into it."""

import pytest

from alerts.geometry import area_from_geojson
from alerts.reach import reach_compute
from hazards.models import Layer

from .conftest import TOKTOGUL, draft_payload, token_header

pytestmark = pytest.mark.django_db
RIVER_HAZARDS = ["manmade-hydropower-dams", "manmade-reservoirs"]


def test_reach_of_an_area_around_toktogul_includes_the_countries_downstream():
    reach = reach_compute(area_from_geojson(TOKTOGUL), 50)
    assert reach["countries"] == ["KGZ"]
    assert {"UZB", "TJK", "KAZ"} <= set(reach["downstream"])
    via = reach["downstream"]["UZB"]
    assert any(item["river"] == "Naryn" and item["layer"] in RIVER_HAZARDS for item in via)
    assert any("Toktogul" in item["feature"] for item in via)
    assert reach["admin_areas"]
    assert all(area["country"] == "KGZ" for area in reach["admin_areas"])
    assert reach["exposed"]["KGZ"]["population"] > 0
    assert reach["exposed"]["KGZ"]["places"] > 0


def test_the_influence_distance_reaches_neighbours_the_area_does_not_touch():
    near_border = {"type": "Polygon", "coordinates": [[[70.9, 40.9], [71.3, 40.9], [71.3, 41.2], [70.9, 41.2],
                                                       [70.9, 40.9]]]}
    without = reach_compute(area_from_geojson(near_border), 0)
    with_influence = reach_compute(area_from_geojson(near_border), 60)
    assert without["influence_countries"] == []
    assert set(with_influence["influence_countries"]) - set(with_influence["countries"])


def test_restricted_river_hazards_never_reach_a_public_alert(client, kgz_issuer):
    Layer.objects.filter(slug__in=RIVER_HAZARDS).update(access=Layer.Access.RESTRICTED)
    reach = reach_compute(area_from_geojson(TOKTOGUL), 50)
    assert not any(item["layer"] in RIVER_HAZARDS for items in reach["downstream"].values() for item in items)


def test_the_reach_is_shown_before_sending_and_stored_with_the_draft(client, kgz_issuer):
    headers = token_header(kgz_issuer)
    draft = client.post("/api/v1/alerts/", draft_payload(), content_type="application/json", **headers).json()
    assert client.get(f"/api/v1/alerts/{draft['id']}/reach/", **headers).json()["error"] == "no_reach"
    computed = client.post(f"/api/v1/alerts/{draft['id']}/reach/", **headers)
    assert computed.status_code == 200
    assert "UZB" in computed.json()["downstream"]
    assert client.get(f"/api/v1/alerts/{draft['id']}/", **headers).json()["reach"]["countries"] == ["KGZ"]


def test_the_composer_gets_each_object_once_by_river_in_its_language(client, kgz_issuer):
    headers = token_header(kgz_issuer)
    draft = client.post("/api/v1/alerts/", draft_payload(), content_type="application/json", **headers).json()
    reach = client.post(f"/api/v1/alerts/{draft['id']}/reach/", HTTP_ACCEPT_LANGUAGE="ru", **headers).json()
    raw = [item["feature"] for items in reach["downstream"].values() for item in items]
    assert len(raw) > len(set(raw))   # the stored reach repeats objects per country and layer
    groups = reach["downstream_by_river"]
    objects = [name for group in groups for name in group["objects"]]
    assert sorted(objects) == sorted(set(objects))   # each object once on its river
    assert 0 < len(objects) < len(set(raw) - {""})   # one register object for its plant, dam and reservoir
    naryn = next(group for group in groups if group["river"] == "Нарын")
    assert "UZB" in naryn["countries"]
    assert "KGZ" not in naryn["countries"]
    english = client.get(f"/api/v1/alerts/{draft['id']}/reach/", HTTP_ACCEPT_LANGUAGE="en", **headers).json()
    assert "Naryn" in {group["river"] for group in english["downstream_by_river"]}
