"""A provisional layer is shown, and says so: `"official": false` in the REST layer JSON (list and detail),
`"official": false, "provisional": true` in its OGC API collection, and a translated badge on its layer page; the
region's own layers are official."""

import json

import pytest
from django.utils import timezone

from hazards.models import Layer

pytestmark = pytest.mark.django_db
SLUG = "manmade-reservoirs"


@pytest.fixture
def provisional():
    Layer.objects.filter(slug=SLUG).update(official=False, updated_at=timezone.now())


def _json(response):
    assert response.status_code == 200, response.content[:300]
    return json.loads(b"".join(response.streaming_content) if response.streaming else response.content)


def test_the_regions_layers_are_official(client):
    layers = _json(client.get("/api/v1/layers/?limit=100"))["results"]
    assert len(layers) >= 20
    assert {layer["official"] for layer in layers} == {True}


def test_the_layer_json_flags_a_provisional_layer(client, provisional):
    assert _json(client.get(f"/api/v1/layers/{SLUG}/"))["official"] is False
    listed = {layer["slug"]: layer["official"] for layer in _json(client.get("/api/v1/layers/?limit=100"))["results"]}
    assert listed[SLUG] is False
    assert listed["seismic-earthquakes-emca"] is True


def test_the_ogc_collection_flags_a_provisional_layer(client, provisional):
    collection = _json(client.get(f"/ogc/collections/{SLUG}?f=json"))
    assert collection["official"] is False
    assert collection["provisional"] is True
    listed = {c["id"]: c for c in _json(client.get("/ogc/collections?f=json"))["collections"]}
    assert listed[SLUG]["provisional"] is True
    assert listed["seismic-earthquakes-emca"]["provisional"] is False


@pytest.mark.parametrize(("lang", "badge"), [("ru", "предварительный"), ("kk", "алдын ала"), ("en", "provisional")])
def test_the_layer_page_shows_a_translated_badge(client, provisional, lang, badge):
    page = client.get(f"/layers/{SLUG}/", HTTP_ACCEPT_LANGUAGE=lang).content.decode()
    assert f'id="layer-provisional">{badge}</span>' in page
    assert 'id="provisional-note"' in page


def test_an_official_layers_page_has_no_badge(client):
    page = client.get(f"/layers/{SLUG}/", HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert "layer-provisional" not in page
