"""The base map's tiles (/tiles/basemap/): decoded and checked against known facts of the region — lakes, rivers
and places where they are, names in Russian and Kazakh, nothing far outside — and cached like the other tiles."""

import math

import mapbox_vector_tile
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from region.basemap import place_min_zoom

pytestmark = pytest.mark.django_db
EXTENT = 4096


def tile_of(lon: float, lat: float, z: int) -> tuple[int, int]:
    n = 2**z
    y = (1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n
    return int((lon + 180) / 360 * n), int(y)


def lonlat(x: float, y: float, z: int, tx: int, ty: int) -> tuple[float, float]:
    """A tile coordinate (origin bottom-left, as mapbox-vector-tile decodes) back to longitude and latitude."""
    n = 2**z
    fx, fy = tx + x / EXTENT, ty + 1 - y / EXTENT
    return fx / n * 360 - 180, math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * fy / n))))


def features_at(client, lon: float, lat: float, z: int) -> tuple[list[dict], int, int]:
    x, y = tile_of(lon, lat, z)
    response = client.get(f"/tiles/basemap/{z}/{x}/{y}.pbf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.mapbox-vector-tile"
    return mapbox_vector_tile.decode(response.content)["basemap"]["features"], x, y


def named(features: list[dict], kind: str, name_en: str) -> list[dict]:
    return [f for f in features if f["properties"]["kind"] == kind and f["properties"].get("name_en") == name_en]


def test_issyk_kul_is_a_lake_polygon_around_its_centre(client):
    features, x, y = features_at(client, 77.3, 42.4, 8)
    lakes = named(features, "lake", "Issyk-Kul")
    assert len(lakes) == 1
    assert lakes[0]["geometry"]["type"] in ("Polygon", "MultiPolygon")
    assert lakes[0]["properties"]["name_ru"] == "Иссык-Куль"


def test_lake_sarez_is_written_at_its_place(client):
    features, x, y = features_at(client, 72.7575, 38.2017, 10)
    labels = named(features, "water_label", "Lake Sarez")
    assert len(labels) == 1
    assert labels[0]["properties"]["name_ru"] == "Сарезское озеро"
    lon, lat = lonlat(*labels[0]["geometry"]["coordinates"], 10, x, y)
    assert abs(lon - 72.7575) < 0.01
    assert abs(lat - 38.2017) < 0.01


def test_the_amu_darya_is_a_line_across_turkmenistan_and_uzbekistan(client):
    features, x, y = features_at(client, 61.5, 41.2, 5)
    rivers = named(features, "river", "Amu Darya")
    assert rivers
    assert {f["geometry"]["type"] for f in rivers} <= {"LineString", "MultiLineString"}


def test_bishkek_and_almaty_are_places_with_their_russian_and_kazakh_names(client):
    bishkek = named(features_at(client, 74.59, 42.87, 6)[0], "place", "Bishkek")
    assert len(bishkek) == 1
    assert bishkek[0]["properties"]["name_ru"] == "Бишкек"
    almaty = named(features_at(client, 76.95, 43.25, 5)[0], "place", "Almaty")
    assert len(almaty) == 1
    assert almaty[0]["properties"]["name_ru"] == "Алматы"
    assert almaty[0]["properties"]["name_kk"] == "Алматы"
    assert almaty[0]["properties"]["rank"] > 1_000_000


def test_small_places_come_only_at_local_scale(client):
    # Khorugh (30,500 people, GeoNames) is drawn from zoom 7; not at 5.
    assert place_min_zoom(30_500) == 7
    assert not named(features_at(client, 71.55, 37.49, 5)[0], "place", "Khorugh")
    assert named(features_at(client, 71.55, 37.49, 7)[0], "place", "Khorugh")


def test_a_tile_far_outside_the_region_is_empty(client):
    assert client.get("/tiles/basemap/6/5/20.pbf").status_code == 204  # the North Pacific, 152–146° W


def test_one_query_per_tile_and_bad_tiles_are_400(client):
    client.get("/tiles/basemap/4/11/5.pbf")
    with CaptureQueriesContext(connection) as queries:
        client.get("/tiles/basemap/5/22/11.pbf")
    assert len([q for q in queries.captured_queries if "ST_AsMVT" in q["sql"]]) == 1
    assert client.get("/tiles/basemap/3/9/1.pbf").status_code == 400
    assert client.get("/tiles/basemap/30/0/0.pbf").status_code == 400


def test_tiles_are_public_and_answer_304_to_the_etag_they_sent_even_gzipped(client):
    first = client.get("/tiles/basemap/5/22/11.pbf", HTTP_ACCEPT_ENCODING="gzip")
    assert first.status_code == 200
    assert first["Content-Encoding"] == "gzip"
    assert first["Cache-Control"] == "public, max-age=86400"
    assert first["ETag"].startswith('W/"base-')
    held = client.get("/tiles/basemap/5/22/11.pbf", HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=first["ETag"])
    assert held.status_code == 304
    assert held.content == b""
    other = client.get("/tiles/basemap/5/22/12.pbf", HTTP_IF_NONE_MATCH=first["ETag"])
    assert other.status_code in (200, 204)
    assert other["ETag"] != first["ETag"].removeprefix("W/")


def test_tilejson_lists_the_layer_and_its_zooms(client):
    body = client.get("/tiles/basemap.json").json()
    assert body["tilejson"] == "3.0.0"
    assert body["tiles"][0].endswith("/tiles/basemap/{z}/{x}/{y}.pbf")
    assert body["vector_layers"][0]["id"] == "basemap"
    assert body["maxzoom"] == 12
