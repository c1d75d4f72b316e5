"""One version's queries read one partition: tiles, bbox items and single features are pruned to the version's own
partition of hazards_feature (migration 0019) and find the box through that partition's GiST index — however many
other layers and versions the table holds. The version parameter is typed bigint, so pruning happens when the
query is planned."""

import pytest
from django.db import connection

from hazards.models import Layer
from hazards.services.versions import partition_of
from serving.features import FROM, FeatureQuery
from serving.tiles import LayerTiles
from tests.plans import plan_nodes

pytestmark = pytest.mark.django_db
EMCA = "seismic-earthquakes-emca"


def scans(sql: str, params) -> list[tuple[str, str]]:
    """(relation, index) of every plan node that reads a partition of the features or one of its indexes (a bitmap
    index scan names the index only: its relation is the table the index belongs to)."""
    found = []
    for node in plan_nodes(sql, params):
        if node.get("Relation Name", "").startswith("hazards_feature"):
            found.append((node["Relation Name"], node.get("Index Name", "")))
        elif node.get("Index Name", "").startswith("hazards_feature"):
            found.append((_table_of(node["Index Name"]), node["Index Name"]))
    return found


def _table_of(index: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT indrelid::regclass::text FROM pg_index WHERE indexrelid = %s::regclass", [index])
        return cursor.fetchone()[0]


def only_its_partition_through_the_box_index(found, version_id: int) -> bool:
    partition = partition_of(version_id)
    return bool(found) and {relation for relation, _ in found} == {partition} and any(
        index == f"{partition}_geom_idx" for _, index in found)


def test_the_table_holds_more_than_one_partition():
    """The pruning below means something: the region loads many versions, each in its own partition."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_inherits WHERE inhparent = 'hazards_feature'::regclass")
        assert cursor.fetchone()[0] > 5


def test_point_tiles_read_only_the_versions_partition_through_its_box_index():
    layer = Layer.objects.get(slug=EMCA)
    found = scans(*LayerTiles(layer).query(7, 88, 47))  # the Tien Shan around Bishkek
    assert only_its_partition_through_the_box_index(found, layer.published_version_id), found


def test_bbox_items_read_only_the_versions_partition_through_its_box_index():
    layer = Layer.objects.get(slug=EMCA)
    query = FeatureQuery(version_id=layer.published_version_id, bbox=(74.0, 42.0, 75.0, 43.0), limit=1000)
    where, params = query.where()
    found = scans(f"SELECT f.fid FROM hazards_feature f WHERE {where} ORDER BY f.fid LIMIT 1000", params)
    assert only_its_partition_through_the_box_index(found, layer.published_version_id), found


def test_a_single_feature_reads_only_the_versions_partitions():
    """The analysis join follows the feature's version, so it is pruned as well (not probed in every partition)."""
    layer = Layer.objects.get(slug=EMCA)
    found = scans(f"SELECT f.fid, a.river FROM {FROM} WHERE f.version_id = %s::bigint AND f.fid = 7",
                  [layer.published_version_id])
    version = layer.published_version_id
    assert {relation for relation, _ in found} == {partition_of(version), f"hazards_featureanalysis_v{version}"}, found
