"""Vector tiles: decoded with mapbox-vector-tile and checked; one SQL query per tile."""

import mapbox_vector_tile
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from serving.tiles import LayerTiles

pytestmark = pytest.mark.django_db


def decode(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.mapbox-vector-tile"
    return mapbox_vector_tile.decode(response.content)


def test_layer_tile_holds_the_kemin_earthquake(client):
    # Tile 8/182/94 covers 75.9-77.3 E, 42.0-43.1 N: the 1911 Kemin earthquake (76.9 E, 42.9 N). (Below zoom 8 the
    # catalogue is clustered: tests/web/tiles/test_clusters.py.)
    tile = decode(client.get("/tiles/seismic-earthquakes-emca/8/182/94.pbf"))
    features = tile["seismic-earthquakes-emca"]["features"]
    kemin = [f for f in features if f["id"] == 336]
    assert kemin
    assert kemin[0]["properties"]["year"] == 1911
    assert kemin[0]["properties"]["hazard_level"] == 4
    assert kemin[0]["properties"]["countries"] == "KGZ"
    assert set(kemin[0]["properties"]) <= set(LayerTiles.fields)
    assert kemin[0]["properties"]["dim"] == 0


def test_one_query_per_tile(client):
    client.get("/tiles/context-rivers/4/11/5.pbf")  # warm up sessions, auth, layer lookups
    with CaptureQueriesContext(connection) as queries:
        client.get("/tiles/context-rivers/5/22/11.pbf")
    tile_queries = [q for q in queries.captured_queries if "ST_AsMVT" in q["sql"]]
    assert len(tile_queries) == 1


def test_empty_tile_is_204_and_bad_tiles_are_400(client):
    assert client.get("/tiles/seismic-earthquakes-emca/4/0/0.pbf").status_code == 204
    assert client.get("/tiles/seismic-earthquakes-emca/3/9/1.pbf").status_code == 400
    assert client.get("/tiles/seismic-earthquakes-emca/30/0/0.pbf").status_code == 400
    assert client.get("/tiles/no-such-layer/0/0/0.pbf").status_code == 404


def test_rivers_are_lines_and_countries_tile_has_the_members(client):
    rivers = decode(client.get("/tiles/context-rivers/5/22/11.pbf"))["context-rivers"]["features"]
    assert rivers
    assert {f["geometry"]["type"] for f in rivers} <= {"LineString", "MultiLineString"}
    countries = decode(client.get("/tiles/countries/3/5/2.pbf"))["countries"]["features"]
    members = {f["properties"]["iso3"] for f in countries if f["properties"]["is_member"]}
    assert members == {"KAZ", "KGZ", "TJK", "TKM", "UZB"}
    areas = decode(client.get("/tiles/admin-areas/6/45/23.pbf"))["admin_areas"]["features"]
    assert any(f["properties"]["name_ru"] == "Алматы" for f in areas)
    assert any(f["properties"]["level"] == 2 for f in areas)


def test_tilejson_describes_the_layer(client):
    body = client.get("/tiles/seismic-earthquakes-emca.json").json()
    assert body["tilejson"] == "3.0.0"
    assert body["tiles"][0].endswith("/tiles/seismic-earthquakes-emca/{z}/{x}/{y}.pbf")
    assert body["vector_layers"][0]["id"] == "seismic-earthquakes-emca"
    assert body["bounds"][0] >= 44
    assert body["attribution"].startswith("Mikhailova")
    assert client.get("/tiles/countries.json").json()["vector_layers"][0]["id"] == "countries"


def test_tiles_have_an_etag(client):
    first = client.get("/tiles/context-rivers/5/22/11.pbf")
    assert client.get("/tiles/context-rivers/5/22/11.pbf", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304


def test_place_names_come_in_each_language_with_population_from_low_zoom(client):
    # Tile 4/11/5 covers 67.5-90 E, 40.98-55.78 N: Bishkek, Almaty, Astana.
    places = decode(client.get("/tiles/context-places-natural-earth/4/11/5.pbf"))["context-places-natural-earth"]
    bishkek = [f["properties"] for f in places["features"] if f["properties"].get("label_en") == "Bishkek"]
    assert bishkek
    assert bishkek[0]["label_ru"] == "Бишкек"
    assert bishkek[0]["population"] > 500_000
    quakes = decode(client.get("/tiles/seismic-earthquakes-noaa/4/11/5.pbf"))["seismic-earthquakes-noaa"]
    assert not any("label" in f["properties"] for f in quakes["features"])  # hazard labels from zoom 7


def test_label_points_of_countries_and_admin_areas(client):
    labels = decode(client.get("/tiles/country-labels/3/5/2.pbf"))["country_labels"]["features"]
    kazakhstan = [f for f in labels if f["properties"]["iso3"] == "KAZ"]
    assert len(kazakhstan) == 1
    assert kazakhstan[0]["geometry"]["type"] == "Point"
    assert kazakhstan[0]["properties"]["name_kk"] == "Қазақстан"
    assert client.get("/tiles/admin-area-labels/4/11/5.pbf").status_code == 204  # regions from zoom 5
    areas = decode(client.get("/tiles/admin-area-labels/6/45/23.pbf"))["admin_area_labels"]["features"]
    assert any(f["properties"]["level"] == 1 for f in areas)
    assert not any(f["properties"]["level"] == 2 for f in areas)
