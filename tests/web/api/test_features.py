"""GET /api/v1/layers/{slug}/features/: GeoJSON decoded and checked against the source data."""

import json

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db
EMCA = "/api/v1/layers/seismic-earthquakes-emca/features/"


def geojson(client, url, **headers):
    response = client.get(url, **headers)
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == "application/geo+json"
    return json.loads(b"".join(response.streaming_content) if response.streaming else response.content)


def test_first_page_is_an_rfc7946_feature_collection(client):
    body = geojson(client, EMCA)
    assert body["type"] == "FeatureCollection"
    assert body["numberMatched"] == 33608
    assert body["numberReturned"] == len(body["features"]) == 1000
    first = body["features"][0]
    assert first["type"] == "Feature"
    assert first["geometry"]["type"] == "Point"
    lon, lat = first["geometry"]["coordinates"]
    assert 44 <= lon <= 90
    assert 33 <= lat <= 57
    assert {"mag_mlh", "year", "hazard_level", "countries", "transboundary"} <= set(first["properties"])
    assert body["licence"] == "CC BY-SA 4.0"
    assert [link["rel"] for link in body["links"]] == ["self", "next"]


def test_following_next_links_returns_every_feature_once(client):
    url, seen = "/api/v1/layers/context-places-geonames/features/?limit=2000&properties=", []
    while url:
        body = geojson(client, url)
        seen += [feature["id"] for feature in body["features"]]
        url = next((link["href"] for link in body["links"] if link["rel"] == "next"), None)
    assert len(seen) == len(set(seen)) == 4950


def test_filters_by_country_level_and_years_match_sql(client):
    body = geojson(client, f"{EMCA}?country=KGZ&level=high&datetime=1900/2000&limit=10000")
    with connection.cursor() as cursor:
        cursor.execute("""SELECT count(*) FROM hazards_feature f
                          JOIN hazards_layer l ON l.published_version_id = f.version_id
                          WHERE l.slug = 'seismic-earthquakes-emca' AND (properties->>'mag_mlh')::float >= 7
                          AND 'KGZ' = ANY(countries) AND (properties->>'year')::int BETWEEN 1900 AND 2000""")
        expected = cursor.fetchone()[0]
    assert body["numberMatched"] == body["numberReturned"] == expected > 0
    for feature in body["features"]:
        props = feature["properties"]
        assert props["mag_mlh"] >= 7
        assert "KGZ" in props["countries"]
        assert 1900 <= props["year"] <= 2000
    assert any(f["properties"]["year"] == 1911 for f in body["features"])  # the Kemin earthquake


def test_bbox_property_selection_and_precision(client):
    body = geojson(client, f"{EMCA}?bbox=74,42,75,43&properties=mag_mlh&precision=1&limit=10000")
    assert body["features"]
    for feature in body["features"]:
        lon, lat = feature["geometry"]["coordinates"]
        assert 74 <= lon <= 75
        assert 42 <= lat <= 43
        assert set(feature["properties"]) == {"mag_mlh", "hazard_level", "countries", "transboundary", "year",
                                              "crosses_border", "influence_countries", "downstream_countries",
                                              "downstream_path", "border_distance_km"}
        assert lon == round(lon, 1)


def test_attribute_equality_and_transboundary_filters(client):
    body = geojson(client, "/api/v1/layers/context-rivers/features/?prop.name=Amu%20%20Darya&transboundary=true")
    assert body["numberReturned"] >= 1
    assert all(f["properties"]["name"] == "Amu  Darya" and f["properties"]["transboundary"] for f in body["features"])


def test_web_mercator_and_lat_lon_output(client):
    one = geojson(client, f"{EMCA}336/")
    lon, lat = one["geometry"]["coordinates"]
    merc = geojson(client, f"{EMCA}336/?crs=EPSG:3857")
    x, y = merc["geometry"]["coordinates"]
    assert x == pytest.approx(lon * 20037508.34 / 180, rel=1e-6)
    assert y > 5e6
    flipped = geojson(client, f"{EMCA}336/?crs=http://www.opengis.net/def/crs/EPSG/0/4326")
    assert flipped["geometry"]["coordinates"] == [lat, lon]


def test_single_feature_and_missing_feature(client):
    feature = geojson(client, f"{EMCA}336/")
    assert feature["id"] == 336
    assert feature["properties"]["year"] == 1911
    missing = client.get(f"{EMCA}999999/")
    assert missing.status_code == 404
    assert missing.json()["error"] == "not_found"


@pytest.mark.parametrize(("query", "param"), [
    ("limit=0", "limit"), ("limit=10001", "limit"), ("limit=ten", "limit"), ("bbox=1,2,3", "bbox"),
    ("bbox=5,5,1,1", "bbox"), ("level=extreme", "level"), ("crs=EPSG:9999", "crs"), ("precision=20", "precision"),
    ("country=Kyrgyzstan", "country"), ("datetime=yesterday", "datetime"), ("transboundary=maybe", "transboundary"),
])
def test_bad_parameters_get_400_naming_the_parameter(client, query, param):
    response = client.get(f"{EMCA}?{query}")
    assert response.status_code == 400
    assert response.json()["parameter"] == param
    assert response.json()["detail"]


def test_datetime_on_a_layer_without_time_is_a_400(client):
    response = client.get("/api/v1/layers/context-rivers/features/?datetime=2000")
    assert response.status_code == 400
    assert response.json()["parameter"] == "datetime"


def test_etag_gives_304_and_public_caching(client):
    first = client.get(f"{EMCA}?limit=1")
    assert first["Cache-Control"].startswith("public")
    again = client.get(f"{EMCA}?limit=1", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    other = client.get(f"{EMCA}?limit=2", HTTP_IF_NONE_MATCH=first["ETag"])
    assert other.status_code == 200


def test_cors_and_gzip_for_other_systems(client):
    response = client.get(f"{EMCA}?limit=500", HTTP_ORIGIN="https://ews.example.org", HTTP_ACCEPT_ENCODING="gzip")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Content-Encoding"] == "gzip"
    import gzip

    body = json.loads(gzip.decompress(b"".join(response.streaming_content)))
    assert body["numberReturned"] == 500
