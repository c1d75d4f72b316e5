"""Point clustering in the tiles of dense point layers: below the threshold zoom a tile holds one point per grid
cell with the count and the worst level of its features, checked against plain SQL; filters apply to the counts."""

import math
from collections import defaultdict

import mapbox_vector_tile
import pytest
from django.db import connection

from hazards.models import Layer
from serving.tiles import CLUSTER_CELLS, CLUSTER_MAX_ZOOM, WEB_MERCATOR_WIDTH

pytestmark = pytest.mark.django_db
EMCA = "seismic-earthquakes-emca"
HALF = WEB_MERCATOR_WIDTH / 2


def _tile(client, z, x, y, query=""):
    response = client.get(f"/tiles/{EMCA}/{z}/{x}/{y}.pbf{query}")
    assert response.status_code == 200, response.content[:200]
    return mapbox_vector_tile.decode(response.content)[EMCA]["features"]


def _cells(z, x, y, where="", params=()):
    """Per grid cell of tile z/x/y: (count, worst level) of the layer's features, in plain SQL and Python."""
    size = WEB_MERCATOR_WIDTH / 2**z
    version = Layer.objects.get(slug=EMCA).published_version_id
    # The tile's box as PostGIS computes it: the catalogue has events exactly on tile edges (78.75 E).
    with connection.cursor() as cursor:
        cursor.execute(f"""
            SELECT ST_X(m), ST_Y(m), f.hazard_level FROM hazards_feature f,
                   LATERAL ST_Transform(f.geom, 3857) m, ST_TileEnvelope(%s, %s, %s) e
            WHERE f.version_id = %s AND ST_X(m) >= ST_XMin(e) AND ST_X(m) < ST_XMax(e)
              AND ST_Y(m) >= ST_YMin(e) AND ST_Y(m) < ST_YMax(e) {where}
        """, [z, x, y, version, *params])
        rows = cursor.fetchall()
    cells = defaultdict(list)
    cell = size / CLUSTER_CELLS
    for mx, my, level in rows:
        cells[(math.floor((mx + HALF) / cell), math.floor((my + HALF) / cell))].append(level)
    return sorted((len(levels), max((lv for lv in levels if lv is not None), default=None))
                  for levels in cells.values())


@pytest.mark.parametrize(("z", "x", "y"), [(5, 22, 11), (4, 11, 5), (6, 45, 23)])
def test_cluster_counts_add_up_and_carry_the_worst_level(client, z, x, y):
    features = _tile(client, z, x, y)
    expected = _cells(z, x, y)
    assert sum(count for count, _worst in expected) > 500
    assert sum(f["properties"]["count"] for f in features) == sum(count for count, _ in expected)
    got = sorted((f["properties"]["count"], f["properties"].get("hazard_level")) for f in features)
    assert got == expected
    assert len(features) <= CLUSTER_CELLS**2
    assert len({f["id"] for f in features}) == len(features)


def test_filters_apply_to_the_counts(client):
    features = _tile(client, 5, 22, 11, "?country=KGZ&from=1900&to=2000")
    expected = _cells(5, 22, 11, "AND f.countries @> ARRAY['KGZ']::varchar[] AND f.year BETWEEN 1900 AND 2000")
    assert sum(f["properties"]["count"] for f in features) == sum(count for count, _ in expected) > 0
    assert client.get(f"/tiles/{EMCA}/5/22/11.pbf?country=K1").status_code == 400
    assert client.get(f"/tiles/{EMCA}/5/22/11.pbf?from=abc").status_code == 400


def test_single_points_return_at_the_threshold_zoom(client):
    # Tile 8/182/94 holds the 1911 Kemin earthquake (76.9 E, 42.9 N).
    features = _tile(client, CLUSTER_MAX_ZOOM, 182, 94)
    assert features
    assert all("count" not in f["properties"] for f in features)
    kemin = [f for f in features if f["id"] == 336]
    assert kemin
    assert kemin[0]["properties"]["year"] == 1911
    layers = {layer["slug"]: layer for layer in client.get("/api/v1/layers/?limit=100").json()["results"]}
    assert layers[EMCA]["cluster_max_zoom"] == CLUSTER_MAX_ZOOM
    assert layers["seismic-earthquakes-usgs"]["cluster_max_zoom"] is None     # 457 events: never clustered
    assert layers["context-places-geonames"]["cluster_max_zoom"] is None      # reference layer


def test_a_clustered_tile_is_small(client):
    clustered = client.get(f"/tiles/{EMCA}/4/11/5.pbf").content
    assert len(clustered) < 8_000
