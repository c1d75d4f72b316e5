"""What crosses borders, told right: the curated river topology and register give the region's best-known
cases their downstream countries and path; a point is transboundary when its reach enters a neighbour."""

import json

import pytest
from django.db import connection

from hazards.models import AreaLevel, Audience, HazardType, River

pytestmark = pytest.mark.django_db
REGISTERS = ("manmade-dams-register", "flood-outburst-lakes-register", "manmade-legacy-sites-register")


def reach(code: str) -> dict:
    """The analysis of the register object `code` (objects.csv)."""
    with connection.cursor() as cursor:
        cursor.execute("""
            SELECT f.countries, f.crosses_border, f.transboundary, a.influence_countries, a.downstream_countries,
                   a.downstream_path
            FROM hazards_published_feature f JOIN hazards_featureanalysis a ON a.feature_id = f.id
            WHERE f.layer_slug = ANY(%s) AND f.properties ->> 'code' = %s""", [list(REGISTERS), code])
        rows = cursor.fetchall()
    assert len(rows) == 1, (code, rows)
    keys = ("countries", "crosses_border", "transboundary", "influence", "downstream", "path")
    return dict(zip(keys, rows[0], strict=True))


@pytest.mark.parametrize(("code", "expected"), [
    ("toktogul", {"UZB", "KAZ"}), ("kayrakkum", {"UZB", "KAZ"}), ("nurek", {"UZB", "TKM", "AFG"}),
    ("rogun", {"UZB", "TKM", "AFG"}), ("sangtuda_1", {"UZB", "TKM"}), ("baipaza", {"UZB", "TKM"}),
    ("golovnaya", {"UZB", "TKM"}), ("sarez", {"TJK", "AFG", "UZB", "TKM"}), ("usoi_dam", {"TJK", "AFG", "UZB", "TKM"}),
    ("charvak", {"UZB", "KAZ"}), ("mailuu_suu", {"UZB"}), ("andijan", {"UZB", "KAZ"}),
])
def test_known_downstream_countries(code, expected):
    found = reach(code)
    assert expected <= set(found["downstream"]), (code, found)
    assert found["transboundary"], found
    assert not found["crosses_border"], found  # a point, transboundary by its reach


def test_the_path_is_shown_and_a_tributary_joins_where_it_really_does():
    assert reach("sarez")["path"][:3] == ["Bartang (middle course: Murghab; upper course: Aksu/Oksu)",
                                          "Panj (Pyanj)", "Amu Darya"]
    assert reach("nurek")["path"][0].startswith("Vakhsh")
    assert reach("nurek")["path"][-1] == "Amu Darya"
    # The Chirchik joins the Syr Darya at Yangi-Chinaz, below the Tajik stretch: Charvak does not reach TJK.
    assert "TJK" not in reach("charvak")["downstream"]
    assert River.objects.get(code="chirchik").joins_at == 3


def test_chardara_on_the_border_reaches_uzbekistan_and_the_test_site_makes_kazakhstan_high():
    chardara = reach("chardara")
    assert "UZB" in set(chardara["influence"]) | set(chardara["downstream"] or [])
    kaz = AreaLevel.objects.get(country__iso3="KAZ", area=None, hazard_type__code=HazardType.MANMADE,
                                audience=Audience.PUBLIC)
    assert kaz.level == 4


def test_the_transboundary_filter_keeps_points_whose_reach_crosses_a_border(client):
    body = json.loads(b"".join(client.get("/api/v1/layers/manmade-dams-register/features/",
                                          {"transboundary": "true", "limit": 100}).streaming_content))
    names = {f["properties"]["code"] for f in body["features"]}
    assert {"nurek", "toktogul", "charvak"} <= names
    assert all(f["geometry"]["type"] == "Point" and f["properties"]["transboundary"] for f in body["features"])
    assert all("crosses_border" in f["properties"] for f in body["features"])


@pytest.mark.parametrize(("query", "name"), [("Сарез", "Lake Sarez"), ("Токтогул", "Toktogul Dam and Reservoir"),
                                             ("Nurek", "Nurek Dam and Reservoir")])
def test_search_finds_the_named_hazard_objects(client, query, name):
    # In English: results are named in the reader's language (the Russian names are checked in test_search).
    results = client.get("/api/v1/search/", {"q": query}, HTTP_ACCEPT_LANGUAGE="en").json()["results"]
    assert any(r["type"] == "feature" and r["name"] == name for r in results), results


def test_the_regions_great_earthquakes_are_present():
    with connection.cursor() as cursor:
        cursor.execute("""
            SELECT f.year, f.label, ST_X(f.geom), ST_Y(f.geom) FROM hazards_published_feature f
            WHERE f.hazard_code = 'seismic' AND ST_Dimension(f.geom) = 0 AND f.year IN (1911, 1948, 1949, 1966)""")
        events = cursor.fetchall()

    def near(year, lon, lat, km=60):
        return any(y == year and abs(x - lon) * 80 < km and abs(yy - lat) * 111 < km for y, _, x, yy in events)

    assert near(1911, 76.9, 42.9)  # Kemin
    assert near(1948, 58.3, 37.9)  # Ashgabat
    assert near(1949, 70.8, 39.2)  # Khait
    assert near(1966, 69.3, 41.3)  # Tashkent
