"""A load that has attached its version's partitions, and is still running (publishing, say), holds up no reader
of the features or their analysis and no write of another version row: attaching locks the partitioned tables only
against other attaches, and no foreign key to hazards_layerversion is added (migration 0019)."""

import psycopg
import pytest
from django.db import connection

from hazards.models import HazardType, Layer, LayerVersion
from tests.committed import in_own_connection

pytestmark = pytest.mark.django_db
SLUG = "test-attach-locks"


@pytest.fixture
def two_versions():
    def make():
        layer = Layer.objects.create(slug=SLUG, title_ru="Слой", title_en="Layer",
                                     hazard_type=HazardType.objects.get(code="flood"))
        return [LayerVersion.objects.create(layer=layer, number=n).pk for n in (1, 2)]

    yield in_own_connection(make)
    in_own_connection(lambda: Layer.objects.filter(slug=SLUG).delete())


def test_an_attached_partition_blocks_no_reader_and_no_version_write(two_versions):
    loading, other = two_versions
    params = connection.get_connection_params()
    with psycopg.connect(**params) as load, psycopg.connect(**params, autocommit=True) as elsewhere:
        load.execute("SELECT atlas_feature_partition(%s)", [loading])
        load.execute(f"INSERT INTO hazards_feature_v{loading} (version_id, fid, geom, properties, countries,"
                     " crosses_border, transboundary) VALUES (%s, 1, 'SRID=4326;POINT(74 42)', '{}', '{KGZ}', false,"
                     " false)", [loading])
        load.execute("SELECT atlas_feature_partition_attach(%s)", [loading])  # the load goes on: not committed
        elsewhere.execute("SET lock_timeout = '2s'")
        elsewhere.execute("SELECT count(*) FROM hazards_feature WHERE version_id = %s::bigint", [other])
        elsewhere.execute("SELECT count(*) FROM hazards_featureanalysis")
        elsewhere.execute("SELECT count(*) FROM hazards_published_feature")
        elsewhere.execute("UPDATE hazards_layerversion SET feature_count = 0 WHERE id = %s", [other])
        assert elsewhere.execute("SELECT count(*) FROM hazards_feature WHERE version_id = %s::bigint",
                                 [loading]).fetchone()[0] == 0  # not visible before the load commits
        load.rollback()
    assert in_own_connection(lambda: _tables(loading)) == []


def _tables(version_id: int) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT relname FROM pg_class WHERE relname IN (%s, %s)",
                       [f"hazards_feature_v{version_id}", f"hazards_featureanalysis_v{version_id}"])
        return [row[0] for row in cursor.fetchall()]
