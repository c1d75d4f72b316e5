"""Uploads of the formats, encodings and coordinate systems ministries really send (tests/data/uploads/good)."""

import json
import math

import pyogrio
import pytest
from django.db import connection

from hazards.models import Feature, Layer

from .conftest import CORPUS

pytestmark = pytest.mark.django_db
TOWNS = {"Алматы": (76.92861, 43.25667), "Талдыкорган": (78.37389, 45.01556),
         "Усть-Каменогорск": (82.61444, 49.97143), "Шымкент": (69.59601, 42.3), "Караганда": (73.10208, 49.80187)}


def features(upload):
    layer = Layer.objects.get(slug=upload["layer"])
    return {f.properties.get("name_ru") or f.properties.get("название"): f
            for f in Feature.objects.filter(version__layer=layer, version__number=upload["version"])}


def distance_m(feature, lon, lat):
    with connection.cursor() as cursor:
        cursor.execute("SELECT ST_Distance(geom::geography, ST_MakePoint(%s, %s)::geography) FROM hazards_feature "
                       "WHERE id = %s", [lon, lat, feature.pk])
        return cursor.fetchone()[0]


def assert_towns_in_place(upload, tolerance_m=1.0):
    found = features(upload)
    assert set(TOWNS) <= set(found), set(found)
    for name, (lon, lat) in TOWNS.items():
        assert distance_m(found[name], lon, lat) < tolerance_m, name
        assert found[name].countries == ["KAZ"]


def test_cp1251_shapefile_in_pulkovo_without_cpg_zipped_on_windows(send, corpus):
    response, upload = send(corpus / "good" / "towns_cp1251_pulkovo_nocpg.zip", query="?publish=true")
    assert response.status_code == 202, upload
    assert upload["status"] == "published"
    assert upload["progress"] == 100
    assert upload["detected"]["encoding"] == "CP1251"
    assert upload["detected"]["file"] == "населённые_пункты.shp"  # CP866 member names decoded
    assert "Pulkovo" in upload["detected"]["crs"] or "28413" in upload["detected"]["crs"]
    assert any("no .cpg" in w for w in upload["warnings"])
    assert_towns_in_place(upload)
    assert upload["preview"]["feature_count"] == 5
    assert len(upload["preview"]["rows"]) == 5
    # The preview map's features: the five towns, in WGS 84, where GeoNames puts them (within ~100 m at 4 decimals).
    points = {f["id"]: f["geometry"]["coordinates"] for f in upload["preview"]["features"]["features"]}
    assert len(points) == 5
    names = {row["id"]: row for row in upload["preview"]["rows"]}
    for fid, (lon, lat) in points.items():
        town = next(name for name in TOWNS if name in names[fid].values())
        assert distance_m_lonlat(lon, lat, *TOWNS[town]) < 100, town
    layer = Layer.objects.get(slug=upload["layer"])
    assert layer.published_version.number == 1
    assert layer.owner.iso3 == "KAZ"


@pytest.mark.parametrize(("name", "encoding"), [("towns_cp866_nocpg.zip", "CP866"),
                                                ("towns_koi8r_nocpg.zip", "KOI8-R")])
def test_dos_and_koi8_encodings_are_detected(send, corpus, name, encoding):
    _, upload = send(corpus / "good" / name)
    assert upload["status"] == "ready"
    assert upload["detected"]["encoding"] == encoding
    assert set(features(upload)) == set(TOWNS)


def test_encoding_can_be_overridden(send, corpus):
    _, upload = send(corpus / "good" / "towns_cp866_nocpg.zip", encoding="CP1251")
    assert upload["detected"]["encoding"] == "CP1251"
    assert not set(features(upload)) & set(TOWNS)  # the uploader's choice wins, even a wrong one


def test_kazakh_text_and_cyrillic_field_names_in_utf8_utm43(send, corpus):
    _, upload = send(corpus / "good" / "towns_kazakh_utf8_utm43.zip")
    assert upload["status"] == "ready", upload
    names = {f.properties["атауы"] for f in Feature.objects.filter(version__layer__slug=upload["layer"])}
    assert {"Өскемен", "Талдықорған", "Қарағанды"} <= names
    assert_towns_in_place(upload)


@pytest.mark.parametrize("zone", [40, 41, 42, 44, 45])
def test_utm_zones_40_to_45_land_in_place(send, corpus, zone):
    _, upload = send(corpus / "good" / f"towns_utm{zone}n.geojson")
    assert upload["status"] == "ready", upload
    assert f"326{zone}" in upload["detected"]["crs"] or f"zone {zone}N" in upload["detected"]["crs"]
    assert_towns_in_place(upload)


def _utm(lon, lat, zone):
    """Transverse Mercator forward (Snyder 1987, eq. 8-9 to 8-10) on WGS 84: an implementation independent of
    PROJ, to check the corpus itself."""
    a, f, k0 = 6378137.0, 1 / 298.257223563, 0.9996
    e2 = f * (2 - f)
    ep2 = e2 / (1 - e2)
    phi, lam = math.radians(lat), math.radians(lon - (zone * 6 - 183))
    n = a / math.sqrt(1 - e2 * math.sin(phi) ** 2)
    t, c = math.tan(phi) ** 2, ep2 * math.cos(phi) ** 2
    big_a = lam * math.cos(phi)
    m = a * ((1 - e2 / 4 - 3 * e2**2 / 64 - 5 * e2**3 / 256) * phi
             - (3 * e2 / 8 + 3 * e2**2 / 32 + 45 * e2**3 / 1024) * math.sin(2 * phi)
             + (15 * e2**2 / 256 + 45 * e2**3 / 1024) * math.sin(4 * phi) - (35 * e2**3 / 3072) * math.sin(6 * phi))
    x = k0 * n * (big_a + (1 - t + c) * big_a**3 / 6 + (5 - 18 * t + t**2 + 72 * c - 58 * ep2) * big_a**5 / 120)
    y = k0 * (m + n * math.tan(phi) * (big_a**2 / 2 + (5 - t + 9 * c + 4 * c**2) * big_a**4 / 24
                                      + (61 - 58 * t + t**2 + 600 * c - 330 * ep2) * big_a**6 / 720))
    return x + 500000, y


def test_the_utm_corpus_agrees_with_an_independent_projection():
    frame = pyogrio.read_dataframe(CORPUS / "good" / "towns_utm42n.geojson")
    zone = 42
    assert "32642" in str(frame.crs.to_epsg())
    for row in frame.itertuples():
        x, y = _utm(*TOWNS[row.name_ru], zone)
        assert math.hypot(row.geometry.x - x, row.geometry.y - y) < 1.0, row.name_ru


def test_geopackage_with_two_layers_asks_which_one(send, corpus):
    _, upload = send(corpus / "good" / "kyrgyzstan_two_layers.gpkg")
    assert upload["status"] == "failed"
    error = upload["errors"][0]
    assert error["error"] == "choose_layer"
    assert error["choices"] == ["mudflows", "dams"]
    _, upload = send(corpus / "good" / "kyrgyzstan_two_layers.gpkg", layer="dams", title_en="Kyrgyz dams")
    dams = pyogrio.read_info(corpus / "good" / "kyrgyzstan_two_layers.gpkg", layer="dams")["features"]
    assert upload["status"] == "ready"
    assert upload["preview"]["feature_count"] == dams == 6
    toktogul = [r for r in upload["preview"]["rows"] if "Toktogul" in r["name"]]
    assert toktogul
    assert upload["preview"]["countries"] == ["KGZ"]


def test_kml_and_kmz(send, corpus):
    for name in ("kyrgyz_dams.kml", "kyrgyz_dams.kmz"):
        _, upload = send(corpus / "good" / name, title_en=name)
        assert upload["status"] == "ready", upload
        assert upload["preview"]["feature_count"] == 6
        assert upload["detected"]["format"] == "KML"


def test_csv_with_russian_columns_semicolons_and_cp1251(send, corpus):
    _, upload = send(corpus / "good" / "towns_semicolon_cp1251.csv")
    assert upload["status"] == "ready", upload
    assert any("semicolon" in w for w in upload["warnings"])
    assert any("WGS 84 longitude/latitude assumed" in w for w in upload["warnings"])
    assert_towns_in_place(upload)


def test_csv_with_a_wkt_column(send, corpus):
    _, upload = send(corpus / "good" / "rivers_wkt.csv")
    assert upload["status"] == "ready", upload
    assert set(upload["preview"]["geometry_types"]) <= {"LineString", "MultiLineString"}
    rows = {r["name"] for r in upload["preview"]["rows"]}
    assert "Naryn" in rows


def test_geotiff_in_utm_becomes_a_web_mercator_cog(send, corpus, settings):
    _, upload = send(corpus / "good" / "seismic_counts_utm42.tif", title_en="Seismic counts")
    assert upload["status"] == "ready", upload
    layer = Layer.objects.get(slug=upload["layer"])
    assert layer.kind == "raster"
    info = upload["preview"]["raster"]
    assert info["crs"] == "EPSG:3857"
    assert info["nodata"] == 0
    assert info["source"]["crs"] == "EPSG:32642"
    west, south, east, north = layer.versions.get().bbox
    assert 67.5 < west < 68.5
    assert 42.5 < north < 43.5


def test_hazard_level_mapping_at_upload_is_applied(send, corpus):
    mapping = {"field": "pop_k", "ranges": [[1000, "high"], [300, "medium"], [None, "low"]]}
    _, upload = send(corpus / "good" / "towns_cp1251_pulkovo_nocpg.zip", classification=json.dumps(mapping))
    assert upload["status"] == "ready", upload
    found = features(upload)
    assert found["Алматы"].hazard_level == 4
    assert found["Талдыкорган"].hazard_level == 2


@pytest.mark.parametrize("name", ["towns_albers_shp.zip", "towns_albers_102025.gpkg"])
def test_albers_equal_area_files_with_long_crs_definitions_land_in_place(send, corpus, name):
    _, upload = send(corpus / "good" / name)
    assert upload["status"] == "ready", upload
    assert len(upload["detected"]["crs"]) > 200 or "102025" in upload["detected"]["crs"]
    found = features(upload)
    for town, (lon, lat) in TOWNS.items():
        assert distance_m(found[town], lon, lat) < 1.0, town


def distance_m_lonlat(lon1, lat1, lon2, lat2) -> float:
    """Great-circle distance in metres (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * 6371008.8 * math.asin(math.sqrt(a))
