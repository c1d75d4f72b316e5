"""OGC API - Features: the documents, paging, CRS, filters, and real clients (GDAL's OAPIF driver)."""

import json
import subprocess

import pytest

pytestmark = pytest.mark.django_db
ITEMS = "/ogc/collections/seismic-earthquakes-emca/items"


def body(response):
    assert response.status_code == 200, response.content[:300]
    return json.loads(b"".join(response.streaming_content) if response.streaming else response.content)


def test_landing_page_links_to_the_api_conformance_and_data(client):
    links = {link["rel"]: link for link in body(client.get("/ogc/?f=json"))["links"]}
    assert {"self", "service-desc", "conformance", "data"} <= set(links)
    assert links["service-desc"]["type"] == "application/vnd.oai.openapi+json;version=3.0"
    api = client.get("/ogc/api")
    assert api["Content-Type"].startswith("application/vnd.oai.openapi+json")
    assert "/collections/{collectionId}/items" in api.json()["paths"]


def test_conformance_declares_core_geojson_html_oas30_crs_and_filter(client):
    classes = body(client.get("/ogc/conformance"))["conformsTo"]
    for part in ("features-1/1.0/conf/core", "conf/geojson", "conf/html", "conf/oas30", "features-2/1.0/conf/crs",
                 "cql2/1.0/conf/cql2-text"):
        assert any(uri.endswith(part) or part in uri for uri in classes), part


def test_collections_list_every_public_layer_with_extent_and_crs(client):
    collections = {c["id"]: c for c in body(client.get("/ogc/collections"))["collections"]}
    assert len(collections) == 26 + 1  # 22 vector layers + the events register's 4 (issue 24) + alerts
    assert "alerts" in collections
    emca = collections["seismic-earthquakes-emca"]
    west, south, east, north = emca["extent"]["spatial"]["bbox"][0]
    assert 44 <= west < east <= 90
    assert 33 <= south < north <= 57
    assert "http://www.opengis.net/def/crs/EPSG/0/3857" in emca["crs"]
    assert any(link["rel"] == "items" for link in emca["links"])


def test_items_page_and_next_links_walk_the_whole_collection(client):
    url, total = "/ogc/collections/context-places-natural-earth/items?limit=100", 0
    while url:
        page = body(client.get(url))
        total += page["numberReturned"]
        url = next((link["href"] for link in page["links"] if link["rel"] == "next"), None)
    assert total == 429


def test_bbox_crs_and_output_crs_follow_axis_order(client):
    # EPSG:4326 in OGC is latitude first: the same box around Bishkek given both ways.
    lonlat = body(client.get(f"{ITEMS}?bbox=74,42,75,43&limit=10000"))
    latlon = body(client.get(f"{ITEMS}?bbox=42,74,43,75&bbox-crs=http://www.opengis.net/def/crs/EPSG/0/4326"
                             "&crs=http://www.opengis.net/def/crs/EPSG/0/4326&limit=10000"))
    assert lonlat["numberMatched"] == latlon["numberMatched"] > 0
    lon, lat = lonlat["features"][0]["geometry"]["coordinates"]
    assert latlon["features"][0]["geometry"]["coordinates"] == [lat, lon]
    merc = client.get(f"{ITEMS}?limit=1&crs=http://www.opengis.net/def/crs/EPSG/0/3857")
    assert merc["Content-Crs"] == "<http://www.opengis.net/def/crs/EPSG/0/3857>"


def test_cql2_text_filter(client):
    page = body(client.get(f"{ITEMS}", {"filter": "mag_mlh >= 8 AND year > 1800", "limit": 100}))
    assert page["numberMatched"] == len(page["features"]) > 0
    assert all(f["properties"]["mag_mlh"] >= 8 and f["properties"]["year"] > 1800 for f in page["features"])
    spatial = body(client.get(ITEMS, {"filter": "S_INTERSECTS(geometry, BBOX(74, 42, 75, 43))", "limit": 10000}))
    assert spatial["numberMatched"] == body(client.get(f"{ITEMS}?bbox=74,42,75,43&limit=1"))["numberMatched"]
    bad = client.get(ITEMS, {"filter": "mag_mlh >>> 8"})
    assert bad.status_code == 400
    assert bad.json()["parameter"] == "filter"


def test_single_item_and_html_pages(client):
    item = body(client.get(f"{ITEMS}/336"))
    assert item["id"] == 336
    assert item["properties"]["year"] == 1911
    for url in ("/ogc/", "/ogc/collections", "/ogc/collections/seismic-earthquakes-emca", f"{ITEMS}?limit=5",
                f"{ITEMS}/336"):
        page = client.get(url, HTTP_ACCEPT="text/html")
        assert page.status_code == 200, url
        assert page["Content-Type"].startswith("text/html"), url
    assert "1911" in client.get(f"{ITEMS}/336?f=html").content.decode()
    assert client.get("/ogc/collections/nope/items").status_code == 404


def _gdal(*args):
    return subprocess.run(args, capture_output=True, text=True, timeout=300)


@pytest.mark.slow
def test_gdal_lists_every_public_collection(atlas_server):
    result = _gdal("ogrinfo", "-ro", "-q", f"OAPIF:{atlas_server}/ogc")
    assert result.returncode == 0, result.stderr
    listed = [line.split(":")[1].split("(")[0].strip() for line in result.stdout.splitlines() if ":" in line]
    assert len(listed) == 26 + 1  # 22 vector layers + the events register's 4 (issue 24) + alerts
    assert "seismic-earthquakes-emca" in listed
    assert "alerts" in listed


@pytest.fixture
def sent_alert(django_db_blocker, atlas_server):
    from tests.alerts.factories import committed_alert

    with committed_alert(django_db_blocker, "ogr") as alert:
        yield alert


@pytest.mark.slow
def test_gdal_reads_the_active_alerts(atlas_server, sent_alert):
    national, regional, _points, _issuer = sent_alert
    result = _gdal("ogrinfo", "-ro", "-al", f"OAPIF:{atlas_server}/ogc", "alerts")
    assert result.returncode == 0, result.stderr
    text = result.stdout
    assert f"identifier (String) = {national.identifier}" in text
    assert regional.identifier not in text        # Private: GDAL asks anonymously
    assert "headline (String) = Угроза прорыва: Токтогульское водохранилище" in text   # the server's language
    assert "severity (String) = Severe" in text
    assert "MULTIPOLYGON" in text


@pytest.mark.slow
@pytest.mark.parametrize(("collection", "page_size", "count"), [
    ("context-places-natural-earth", None, 429),         # GDAL 3.6's default page of 10: 43 pages
    ("seismic-earthquakes-emca", 5000, 33608),           # 7 pages through next links
])
def test_ogr2ogr_copies_a_whole_collection(atlas_server, tmp_path, collection, page_size, count):
    out = tmp_path / "copy.gpkg"
    options = ["-oo", f"PAGE_SIZE={page_size}"] if page_size else []
    result = _gdal("ogr2ogr", "-f", "GPKG", *options, str(out), f"OAPIF:{atlas_server}/ogc", collection)
    assert result.returncode == 0, result.stderr
    import pyogrio

    assert pyogrio.read_info(out, layer=collection)["features"] == count
    frame = pyogrio.read_dataframe(out, layer=collection, max_features=5)
    assert frame.geometry.notna().all()


@pytest.mark.parametrize("cql", [
    "year = 'abc'", "hazard_level = 'bogus'", "transboundary = 5", "year BETWEEN 'a' AND 'b'",
    "year IN ('a', 'b')", "mag_mlh BETWEEN 5 AND 'x'", "hazard_level IN ('high', 'nope')", "year LIKE '19%'",
])
def test_type_mismatches_in_cql2_are_a_400_naming_the_filter(client, cql):
    response = client.get(ITEMS, {"filter": cql})
    assert response.status_code == 400, (cql, response.content[:200])
    assert response.json()["parameter"] == "filter"


@pytest.mark.parametrize("cql", ["'a' LIKE 'b'", "1 BETWEEN 0 AND 2", "'x' IN ('a')", "'x' IS NULL"])
def test_a_value_where_a_property_belongs_in_cql2_is_a_400_naming_the_filter(client, cql):
    response = client.get(ITEMS, {"filter": cql})
    assert response.status_code == 400, (cql, response.content[:200])
    assert response.json()["parameter"] == "filter"


def test_well_typed_lists_and_ranges_still_filter(client):
    found = body(client.get(ITEMS, {"filter": "hazard_level IN ('high', 'medium') AND year BETWEEN 1900 AND 1950",
                                    "limit": 1000}))
    assert found["features"]
    assert all(1900 <= f["properties"]["year"] <= 1950 for f in found["features"])
    assert {f["properties"]["hazard_level"] for f in found["features"]} <= {"high", "medium"}


def test_unknown_query_parameters_are_a_400_and_the_bare_ogc_path_is_the_landing_page(client):
    response = client.get(ITEMS, {"limit": 1, "colour": "red"})
    assert response.status_code == 400
    assert response.json()["parameter"] == "colour"
    assert client.get(ITEMS, {"limit": 1, "prop.year": "1911"}).status_code == 200
    bare = client.get("/ogc", {"f": "json"})
    assert bare.status_code == 200
    assert any(link["rel"] == "conformance" for link in bare.json()["links"])
