"""A layer's history is kept forever: deleting the layer keeps every event (who, when, the file's checksum, the
layer's slug and title as they were) and adds the deletion itself; regional administrators read it by the slug."""

import hashlib
import json

import pytest

from hazards.models import Layer, LayerEvent
from hazards.services.layers import layer_delete
from ingest.pipeline import ingest_file

pytestmark = pytest.mark.django_db
SLUG = "test-scratch"


@pytest.fixture
def deleted(tmp_path, scratch_layer, regional_admin):
    """The scratch layer, published from a real file by the regional administrator and then deleted by them;
    returns the SHA-256 of the file."""
    path = tmp_path / "points.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [74.6, 42.87]}, "properties": {"n": 1}}]}))
    ingest_file(layer=scratch_layer, path=path, user=regional_admin, publish=True)
    layer_delete(layer=Layer.objects.get(pk=scratch_layer.pk), user=regional_admin)
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _events():
    return list(LayerEvent.objects.filter(layer_slug=SLUG).order_by("id"))


def test_deleting_a_layer_keeps_its_events_with_the_files_checksum(deleted, regional_admin):
    events = _events()
    assert not Layer.objects.filter(slug=SLUG).exists()
    assert [e.action for e in events] == [LayerEvent.Action.PUBLISHED, LayerEvent.Action.LAYER_DELETED]
    assert [e.checksum for e in events] == [deleted, deleted]  # the published file's SHA-256, kept twice
    assert [e.user for e in events] == [regional_admin, regional_admin]
    assert [e.version_number for e in events] == [1, 1]
    assert {e.layer_title for e in events} == {"Тестовый слой"}
    assert {e.layer_id for e in events} == {None}
    assert events[1].at >= events[0].at


def test_regional_administrators_read_a_deleted_layers_history_by_its_slug(client, deleted, regional_admin):
    client.force_login(regional_admin)
    answer = client.get(f"/api/v1/deleted-layers/{SLUG}/history/")
    assert answer.status_code == 200
    rows = answer.json()["results"]
    assert [(r["action"], r["version"], r["user"], r["checksum"]) for r in rows] == [
        ("layer_deleted", 1, "regional_admin", deleted), ("published", 1, "regional_admin", deleted)]
    assert rows[0]["layer_title"] == "Тестовый слой"


def test_others_are_refused_in_their_language(client, deleted, kgz_editor):
    client.force_login(kgz_editor)
    answer = client.get(f"/api/v1/deleted-layers/{SLUG}/history/", HTTP_ACCEPT_LANGUAGE="kk")
    assert answer.status_code == 403
    assert answer.json() == {"error": "not_regional_admin",
                             "detail": "жойылған қабаттың тарихын тек өңірлік орталықтың әкімшілері оқи алады"}


def test_a_layer_that_was_never_deleted_has_no_deleted_history(client, regional_admin):
    client.force_login(regional_admin)
    answer = client.get("/api/v1/deleted-layers/seismic-earthquakes-emca/history/")
    assert answer.status_code == 404
    assert answer.json()["error"] == "not_found"
