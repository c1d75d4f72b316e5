"""Per-layer attribute labels: returned with the layer's metadata, set at upload (validated), seeded for the
catalogue's layers."""

import json

import pytest

from hazards.models import Layer

pytestmark = pytest.mark.django_db


def test_the_catalogue_layers_carry_their_labels_in_three_languages(client):
    body = client.get("/api/v1/layers/seismic-earthquakes-emca/").json()
    assert body["attribute_labels"]["mag_mlh"] == {"ru": "Магнитуда MLH", "en": "Magnitude (MLH)",
                                                   "kk": "Магнитуда (MLH)"}
    fields = Layer.objects.get(slug="flood-glof-events").published_version.fields
    labels = client.get("/api/v1/layers/flood-glof-events/").json()["attribute_labels"]
    assert set(labels) <= set(fields)
    assert {"Lake_name", "Lives_total", "Mechanism"} <= set(labels)


def _upload(client, tmp_path, labels):
    path = tmp_path / "p.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [76.9, 43.2]},
         "properties": {"nm": "Алматы", "pop": 2000000}}]}))
    with path.open("rb") as f:
        return client.post("/api/v1/layers/?publish=1", {
            "file": f, "title_ru": "Проба подписей", "hazard_type": "flood", "country": "KAZ", "licence": "CC BY 4.0",
            "slug": "test-labels", "attribute_labels": labels}, HTTP_ACCEPT_LANGUAGE="ru")


def test_an_upload_sets_the_labels_and_the_metadata_returns_them(client, tmp_path, kaz_editor):
    client.force_login(kaz_editor)
    labels = {"nm": {"ru": "Название", "kk": "Атауы"}, "pop": {"en": "Population"}}
    response = _upload(client, tmp_path, json.dumps(labels, ensure_ascii=False))
    assert response.status_code == 202, response.content
    assert client.get("/api/v1/layers/test-labels/").json()["attribute_labels"] == labels
    page = client.get("/layers/test-labels/", HTTP_ACCEPT_LANGUAGE="kk").content.decode()
    assert 'data-attribute="nm">Атауы<br>' in page
    assert 'data-attribute="pop">Population<br>' in page


@pytest.mark.parametrize("bad", ['{"nm": "Название"}', '{"nm": {"de": "Name"}}', "[1, 2]", '{"nm": {"ru": 5}}',
                                 "not json"])
def test_bad_labels_are_refused_with_a_400_naming_the_field(client, tmp_path, kaz_editor, bad):
    client.force_login(kaz_editor)
    response = _upload(client, tmp_path, bad)
    assert response.status_code == 400, response.content
    assert "attribute_labels" in json.dumps(response.json())
    assert not Layer.objects.filter(slug="test-labels").exists()
