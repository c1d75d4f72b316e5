"""Versions: publish, roll back, history; readers keep the published version meanwhile; re-mapping levels."""

import json

import pytest

from hazards.models import Feature, Layer, LayerEvent
from tests.committed import in_own_connection
from tests.tokens import token_for

from ...conftest import queued_analyses
from .conftest import CORPUS

pytestmark = pytest.mark.django_db
GOOD = CORPUS / "good"


def features_served(client, slug):
    return json.loads(b"".join(client.get(f"/api/v1/layers/{slug}/features/?limit=10000").streaming_content))


def test_publish_rollback_and_history(send, client):
    _, first = send(GOOD / "towns_utm42n.geojson", query="?publish=true")
    slug = first["layer"]
    _, second = send(GOOD / "kyrgyzstan_mudflows.geojson", slug=slug)
    assert second["status"] == "ready"
    assert second["version"] == 2
    assert features_served(client, slug)["numberMatched"] == 5  # readers still see version 1
    assert client.post(f"/api/v1/layers/{slug}/publish/").json()["published_version"] == 2
    served = features_served(client, slug)
    assert served["numberMatched"] == second["feature_count"] != 5
    assert client.post(f"/api/v1/layers/{slug}/rollback/").json()["published_version"] == 1
    assert features_served(client, slug)["numberMatched"] == 5
    assert client.post(f"/api/v1/layers/{slug}/rollback/").status_code == 409
    history = client.get(f"/api/v1/layers/{slug}/history/").json()["results"]
    actions = [event["action"] for event in history]
    assert actions == ["rolled_back", "published", "uploaded", "published", "uploaded"]
    assert all(event["user"] == "kaz_editor" for event in history)
    assert history[-1]["checksum"]
    assert len(history[-1]["checksum"]) == 64


def test_upload_status_is_private_to_those_who_may_edit(send, client, kgz_editor):
    _, upload = send(GOOD / "towns_utm42n.geojson")
    assert client.get(f"/api/v1/uploads/{upload['id']}/").json()["status"] == "ready"
    client.force_login(kgz_editor)
    assert client.get(f"/api/v1/uploads/{upload['id']}/").status_code == 404


def test_levels_can_be_mapped_later_through_the_api(send, client, kgz_editor):
    _, upload = send(GOOD / "towns_cp1251_pulkovo_nocpg.zip", query="?publish=true")
    slug = upload["layer"]
    url = f"/api/v1/layers/{slug}/classification/"
    mapping = {"field": "pop_k", "values": {"2228": "high"}}
    assert client.post(url, {"classification": mapping}, content_type="application/json").status_code == 200
    served = features_served(client, slug)
    levels = {f["properties"]["name_ru"]: f["properties"]["hazard_level"] for f in served["features"]}
    assert levels["Алматы"] == "high"
    assert levels["Шымкент"] is None
    bad = client.post(url, {"classification": {"field": "pop_k", "ranges": [[1, "extreme"]]}},
                      content_type="application/json")
    assert bad.status_code == 400
    assert "classification" in bad.json()["fields"]
    client.force_login(kgz_editor)
    assert client.post(url, {"classification": {}}, content_type="application/json").status_code == 403


def test_remapping_levels_applies_to_every_version_and_is_recorded(send, kaz_editor):
    from hazards.services.layers import layer_classify

    _, upload = send(GOOD / "towns_cp1251_pulkovo_nocpg.zip", query="?publish=true")
    layer = Layer.objects.get(slug=upload["layer"])
    layer_classify(layer=layer, classification={"field": "pop_k", "ranges": [[1000, "high"], [None, "low"]]},
                   user=kaz_editor)
    levels = dict(Feature.objects.filter(version__layer=layer).values_list("properties__name_ru", "hazard_level"))
    assert levels["Алматы"] == 4
    assert levels["Талдыкорган"] == 2
    assert layer.events.filter(action=LayerEvent.Action.RECLASSIFIED).exists()
    _, again = send(GOOD / "towns_cp1251_pulkovo_nocpg.zip", slug=layer.slug)  # re-applied to new versions
    assert Feature.objects.get(version__number=again["version"], version__layer=layer,
                               properties__name_ru="Шымкент").hazard_level == 4


def _multipart(fields: dict, path) -> tuple[bytes, str]:
    boundary = "atlas-test-boundary"
    parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
             for k, v in fields.items()]
    parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{path.name}"\r\n'
                 "Content-Type: application/octet-stream\r\n\r\n".encode() + path.read_bytes() + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


@pytest.mark.slow
def test_the_real_worker_processes_a_queued_upload(atlas_server, media_root):
    """Through HTTP to gunicorn (the job is queued, not run inline), then `procrastinate worker --one-shot`."""
    import os
    import subprocess
    import sys
    import urllib.request

    from django.contrib.auth import get_user_model
    from django.db import connection

    from hazards.services.users import user_set_role

    def make_user():
        user = user_set_role(username="queue_editor", role="editor", country="KAZ")[0]
        return token_for(user)

    token = in_own_connection(make_user)
    headers = {"Authorization": f"Token {token}"}
    try:
        body, content_type = _multipart({"title_ru": "Через очередь", "title_en": "Via the queue",
                                         "hazard_type": "flood", "country": "KAZ", "licence": "CC BY 4.0",
                                         "access": "restricted"}, GOOD / "towns_utm42n.geojson")
        request = urllib.request.Request(f"{atlas_server}/api/v1/layers/", data=body, method="POST",
                                         headers={**headers, "Content-Type": content_type})
        with urllib.request.urlopen(request) as response:
            assert response.status == 202
            queued = json.loads(response.read())
        assert queued["status"] == "queued"
        env = {**os.environ, "ATLAS_DB_NAME": connection.settings_dict["NAME"], "ATLAS_MEDIA_ROOT": str(media_root)}
        worker = subprocess.run([sys.executable, "manage.py", "procrastinate", "worker", "--one-shot",
                                 "--queues", "uploads"],
                                env=env, capture_output=True, text=True, timeout=300)
        assert worker.returncode == 0, worker.stderr
        status = urllib.request.Request(queued["url"], headers=headers)
        with urllib.request.urlopen(status) as response:
            done = json.loads(response.read())
        assert done["status"] == "ready"
        assert done["progress"] == 100
        assert done["feature_count"] == 5
    finally:
        def cleanup():
            Layer.objects.filter(slug="via-the-queue").delete()
            get_user_model().objects.filter(username="queue_editor").delete()

        in_own_connection(cleanup)


def test_an_upload_published_at_once_is_recorded_and_queues_the_analysis(
        send, no_queued_analysis, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _, upload = send(GOOD / "towns_utm42n.geojson", query="?publish=true")
    layer = Layer.objects.get(slug=upload["layer"])
    actions = list(layer.events.order_by("id").values_list("action", flat=True))
    assert actions == [LayerEvent.Action.UPLOADED, LayerEvent.Action.PUBLISHED]
    assert queued_analyses() == 1


def test_publishing_a_ready_version_through_the_api_marks_its_upload_published(send, client):
    _, first = send(GOOD / "towns_utm42n.geojson", query="?publish=true")
    _, second = send(GOOD / "kyrgyzstan_mudflows.geojson", slug=first["layer"])
    assert client.get(f"/api/v1/uploads/{second['id']}/").json()["status"] == "ready"
    assert client.post(f"/api/v1/layers/{first['layer']}/publish/").status_code == 200
    assert client.get(f"/api/v1/uploads/{second['id']}/").json()["status"] == "published"
