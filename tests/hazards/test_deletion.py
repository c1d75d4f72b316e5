"""Deleting a version or a layer: the features and every row hanging on them go with the versions' partitions,
dropped inside one transaction (no DELETE of a feature, Django's collector never loads one), nothing is left
orphaned — no row, no partition — the published version is never deleted, and the analysis is queued when readers saw
the layer."""

import time

import psycopg
import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hazards.errors import Conflict
from hazards.models import Country, Exposure, Feature, HazardType, Layer, LayerEvent, LayerVersion
from hazards.services.events import event_record
from hazards.services.layers import layer_delete, layer_publish
from hazards.services.versions import partitions_sweep, version_delete
from hazards.tasks import sweep_partitions
from ingest.models import Upload
from tests.committed import in_own_connection
from tests.stored import points_version

from ..conftest import queued_analyses

pytestmark = pytest.mark.django_db
FEATURES = 300


def _version(layer: Layer, number: int) -> LayerVersion:
    """A ready version with FEATURES points and an analysis row for each (stored as the pipeline and the analysis
    store them: in the version's own partitions)."""
    return points_version(layer, number, FEATURES, x=60, y=42, step=0.01, analysis=True)


@pytest.fixture
def two_versions(scratch_layer):
    """Version 1 published, version 2 ready; an upload, a history event and exposure rows refer to them."""
    first, second = _version(scratch_layer, 1), _version(scratch_layer, 2)
    layer = layer_publish(layer=scratch_layer, version=first)
    event_record(layer=layer, action=LayerEvent.Action.UPLOADED, version=second)
    Upload.objects.create(layer=layer, version=second, original_name="second.geojson", size=1)
    kaz = Country.objects.get(iso3="KAZ")
    Exposure.objects.create(layer=layer, country=kaz, origin=kaz, population=10, places=1)
    return layer, first, second


def _counts(version_ids: list[int]) -> tuple[int, int]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM hazards_feature WHERE version_id = ANY(%s)", [version_ids])
        features = cursor.fetchone()[0]
        cursor.execute("SELECT count(*) FROM hazards_featureanalysis a JOIN hazards_feature f ON f.id = a.feature_id"
                       " AND f.version_id = a.version_id WHERE f.version_id = ANY(%s)", [version_ids])
        return features, cursor.fetchone()[0]


def _orphans() -> int:
    """Rows that point at a feature or version that no longer exists (the deferred constraints would only say so at
    commit, which a test transaction never reaches)."""
    with connection.cursor() as cursor:
        cursor.execute("""
            SELECT (SELECT count(*) FROM hazards_featureanalysis a
                    WHERE NOT EXISTS (SELECT 1 FROM hazards_feature f WHERE f.id = a.feature_id
                                      AND f.version_id = a.version_id))
                 + (SELECT count(*) FROM hazards_feature f
                    WHERE NOT EXISTS (SELECT 1 FROM hazards_layerversion v WHERE v.id = f.version_id))""")
        return cursor.fetchone()[0]


def _partitions(version_ids: list[int]) -> list[str]:
    """The partitions, of the features or of their analysis, that these versions still have."""
    with connection.cursor() as cursor:
        cursor.execute("""
            SELECT c.relname FROM pg_class c, unnest(%s::bigint[]) v
            WHERE c.relname IN ('hazards_feature_v' || v, 'hazards_featureanalysis_v' || v) ORDER BY 1""",
                       [version_ids])
        return [row[0] for row in cursor.fetchall()]


def _feature_selects(queries) -> list[str]:
    return [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith("SELECT")
            and "hazards_feature" in q["sql"].replace('"', "").split(" WHERE ")[0]]


def test_deleting_a_version_deletes_its_rows_set_based_and_never_loads_a_feature(two_versions):
    layer, first, second = two_versions
    second_id = second.pk  # Django forgets the key of what it deleted
    with CaptureQueriesContext(connection) as queries:
        assert version_delete(version=second) == FEATURES
    assert _feature_selects(queries.captured_queries) == []
    sqls = [q["sql"] for q in queries.captured_queries]
    assert not [sql for sql in sqls if sql.startswith("DELETE FROM hazards_feature")]
    assert f"SELECT atlas_version_partitions_drop({second_id})" in sqls
    deleted = layer.events.get(action=LayerEvent.Action.DELETED)  # in the layer's history, the version forgotten
    assert (deleted.detail, deleted.version_id, deleted.checksum) == ("version 2", None, "")
    assert _counts([second_id]) == (0, 0)
    assert _orphans() == 0
    assert _partitions([second_id]) == []
    assert not LayerVersion.objects.filter(pk=second_id).exists()
    assert _counts([first.pk]) == (FEATURES, FEATURES)  # the published version is untouched
    assert _partitions([first.pk]) == [f"hazards_feature_v{first.pk}", f"hazards_featureanalysis_v{first.pk}"]
    assert Upload.objects.get(original_name="second.geojson").version_id is None
    assert layer.events.filter(action=LayerEvent.Action.UPLOADED).get().version_id is None
    layer.refresh_from_db()
    assert layer.published_version_id == first.pk


def test_the_published_version_is_never_deleted(two_versions):
    layer, first, _second = two_versions
    with pytest.raises(Conflict) as refused:
        version_delete(version=first)
    assert refused.value.code == "published_version"
    assert _counts([first.pk]) == (FEATURES, FEATURES)
    layer.refresh_from_db()
    assert layer.published_version_id == first.pk


def test_a_failure_while_deleting_leaves_everything_in_place(two_versions, monkeypatch):
    _layer, _first, second = two_versions

    def broken(self, *args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(LayerVersion, "delete", broken)
    with pytest.raises(RuntimeError):
        version_delete(version=second)  # the features were already deleted inside the transaction: rolled back
    assert _counts([second.pk]) == (FEATURES, FEATURES)


def test_deleting_a_published_layer_removes_everything_and_queues_the_analysis(
        two_versions, no_queued_analysis, django_capture_on_commit_callbacks):
    layer, first, second = two_versions
    with django_capture_on_commit_callbacks(execute=True), CaptureQueriesContext(connection) as queries:
        assert layer_delete(layer=layer) == 2 * FEATURES
    assert _feature_selects(queries.captured_queries) == []
    assert _counts([first.pk, second.pk]) == (0, 0)
    assert _orphans() == 0
    assert _partitions([first.pk, second.pk]) == []
    assert not Layer.objects.filter(pk=layer.pk).exists()
    assert not LayerVersion.objects.filter(pk__in=[first.pk, second.pk]).exists()
    assert not Exposure.objects.filter(layer_id=layer.pk).exists()
    assert not LayerEvent.objects.filter(layer_id=layer.pk).exists()
    assert Upload.objects.get(original_name="second.geojson").layer_id is None
    assert queued_analyses() == 1


def test_an_unpublished_layer_goes_without_queueing_the_analysis(scratch_layer, no_queued_analysis,
                                                                  django_capture_on_commit_callbacks):
    version = _version(scratch_layer, 1)
    with django_capture_on_commit_callbacks(execute=True):
        layer_delete(layer=scratch_layer)
    assert _counts([version.pk]) == (0, 0)
    assert queued_analyses() == 0


def test_an_orm_delete_elsewhere_still_leaves_no_orphan(two_versions):
    """Any other path (a shell, a script): the version's partitions go before its row (hazards.signals)."""
    _layer, _first, second = two_versions
    ids = list(Feature.objects.filter(version=second).values_list("pk", flat=True))
    LayerVersion.objects.filter(pk=second.pk).delete()
    assert not Feature.objects.filter(pk__in=ids).exists()
    assert _orphans() == 0
    assert _partitions([second.pk]) == []


@pytest.fixture
def superuser_client(client):
    user = get_user_model().objects.create_superuser("deleter", "deleter@example.org", "pw-atlas-1")
    client.force_login(user)
    return client


def test_the_admin_deletes_through_the_services_and_refuses_the_published_version(two_versions, superuser_client):
    layer, first, second = two_versions
    assert superuser_client.get(f"/admin/hazards/layerversion/{first.pk}/delete/").status_code == 403
    with CaptureQueriesContext(connection) as queries:
        page = superuser_client.get(f"/admin/hazards/layer/{layer.pk}/delete/")  # the confirmation page
    assert page.status_code == 200
    assert _feature_selects(queries.captured_queries) == []
    response = superuser_client.post(f"/admin/hazards/layerversion/{second.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert _counts([second.pk]) == (0, 0)
    assert layer.events.get(action=LayerEvent.Action.DELETED).user.username == "deleter"  # who deleted it
    response = superuser_client.post("/admin/hazards/layerversion/", {
        "action": "delete_selected", "_selected_action": [first.pk], "post": "yes"})
    assert response.status_code == 403
    assert _counts([first.pk]) == (FEATURES, FEATURES)
    with CaptureQueriesContext(connection) as queries:
        response = superuser_client.post(f"/admin/hazards/layer/{layer.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert _feature_selects(queries.captured_queries) == []
    assert _counts([first.pk]) == (0, 0)
    assert not Layer.objects.filter(pk=layer.pk).exists()
    assert _orphans() == 0


def test_a_version_being_read_is_deleted_all_the_same_and_its_partitions_swept_when_free():
    """A reader's open transaction holds the partitions: the deletion does not wait for it (nor fail); the version's
    rows are out of every reader's reach at once (no version row points at them) and the partitions are dropped by
    the periodic sweep once the reader is done."""
    def make():
        layer = Layer.objects.create(slug="test-deleted-while-read", title_ru="Слой", title_en="Layer",
                                     hazard_type=HazardType.objects.get(code="flood"))
        return layer.pk, points_version(layer, 1, FEATURES, x=60, y=42, step=0.01, analysis=True).pk

    layer_id, version_id = in_own_connection(make)
    reader = psycopg.connect(**connection.get_connection_params())
    try:
        reader.execute("SELECT count(*) FROM hazards_feature WHERE version_id = %s::bigint", [version_id])
        started = time.monotonic()
        assert in_own_connection(lambda: layer_delete(layer=Layer.objects.get(pk=layer_id))) == FEATURES
        assert time.monotonic() - started < 30  # one short lock wait, never the reader's whole transaction
        assert _partitions([version_id]) != []  # left behind, unreachable: the layer and its version are gone
        assert not in_own_connection(lambda: Layer.objects.filter(pk=layer_id).exists()
                                     or LayerVersion.objects.filter(pk=version_id).exists())
        assert in_own_connection(partitions_sweep) == []  # still held: left for later, nothing waits
        reader.rollback()
        assert in_own_connection(lambda: sweep_partitions(0)) == [version_id]  # the periodic job
        assert _partitions([version_id]) == []
        assert _orphans() == 0
    finally:
        reader.close()
        in_own_connection(lambda: [layer_delete(layer=layer) for layer in Layer.objects.filter(pk=layer_id)])
