"""The composite (version, geom) index serves tiles, bbox queries and single features: the version parameter is
typed bigint, so the planner can use btree_gist's int8 operator class (an int4 parameter silently cannot)."""

import json

import pytest
from django.db import connection, transaction

from hazards.models import Layer
from serving.features import FeatureQuery
from serving.tiles import LayerTiles

pytestmark = pytest.mark.django_db
INDEX = "feature_version_geom_gist"


def index_conditions(sql: str, params) -> list[str]:
    """The Index Cond of every plan node that scans the composite index."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL max_parallel_workers_per_gather = 0")
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    plan = json.loads(plan) if isinstance(plan, str) else plan
    found, nodes = [], [plan[0]["Plan"]]
    while nodes:
        node = nodes.pop()
        if node.get("Index Name") == INDEX:
            found.append(node.get("Index Cond", ""))
        nodes += node.get("Plans", [])
    return found


def test_point_tiles_use_the_composite_index_for_the_version():
    layer = Layer.objects.get(slug="seismic-earthquakes-emca")
    conditions = index_conditions(*LayerTiles(layer).query(7, 88, 47))  # the Tien Shan around Bishkek
    assert conditions and all("version_id" in c for c in conditions), conditions


def test_bbox_items_use_the_composite_index_for_the_version():
    layer = Layer.objects.get(slug="seismic-earthquakes-emca")
    query = FeatureQuery(version_id=layer.published_version_id, bbox=(74.0, 42.0, 75.0, 43.0), limit=1000)
    where, params = query.where()
    conditions = index_conditions(f"SELECT f.fid FROM hazards_feature f WHERE {where} ORDER BY f.fid LIMIT 1000",
                                  params)
    assert conditions and all("version_id" in c for c in conditions), conditions
