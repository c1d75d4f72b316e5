"""The base map's tile statement finds its rows through the GiST index of base_feature, not by reading the table."""

import pytest

from serving.basemap import BaseMapTiles
from tests.plans import plan_nodes

pytestmark = pytest.mark.django_db


def test_a_local_tile_reads_the_base_features_through_the_box_index():
    sql, params = BaseMapTiles().query(10, 718, 394)  # Lake Sarez, zoom 10
    nodes = plan_nodes(sql, params)
    reads = [n for n in nodes if n.get("Relation Name") == "base_feature" or n.get("Index Name", "").startswith(
        "base_feature")]
    assert reads
    assert any(n.get("Index Name") == "base_feature_geom_gist" for n in reads)
    assert not any(n["Node Type"] == "Seq Scan" for n in reads)
