"""The access-checked layer lookup cached per process (hazards.layer_lookup): a publish committed by another
connection shows at the next request, a warm cache answers without the layer query, and a layer hidden from a
reader stays 404 however warm the cache is — also after a change that does not touch `updated_at`."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hazards import layer_lookup
from hazards.models import HazardType, Layer, LayerVersion
from hazards.services.layers import layer_delete, layer_publish
from tests.committed import in_own_connection
from tests.stored import points_version

pytestmark = pytest.mark.django_db
SLUG = "lookup-elsewhere"


def _points(layer: Layer, number: int, count: int) -> LayerVersion:
    return points_version(layer, number, count, x=76.9, y=43.25, step=0.001)


def _layer(slug: str, access: str = Layer.Access.PUBLIC) -> Layer:
    return Layer.objects.create(slug=slug, title_ru="Слой", title_en="Layer", access=access,
                                hazard_type=HazardType.objects.get(code="flood"))


@pytest.fixture
def elsewhere():
    """A public layer with two versions, the first published, all committed by another connection."""
    def make():
        layer = _layer(SLUG)
        first, second = _points(layer, 1, 1), _points(layer, 2, 2)
        layer_publish(layer=layer, version=first)
        return second.pk

    second = in_own_connection(make)
    yield second

    def clean():
        for layer in Layer.objects.filter(slug=SLUG):
            layer_delete(layer=layer)
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM procrastinate_jobs WHERE task_name = 'recompute_analysis' AND status = 'todo'")

    in_own_connection(clean)


def _features(client, path: str) -> tuple[int, list[int], str]:
    response = client.get(path)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    ids = [f["id"] for f in json.loads(body)["features"]] if response.status_code == 200 else []
    return response.status_code, ids, response.get("ETag", "")


@pytest.mark.parametrize("path", [f"/api/v1/layers/{SLUG}/features/?bbox=76,43,78,44",
                                  f"/ogc/collections/{SLUG}/items?bbox=76,43,78,44"])
def test_a_publish_in_another_connection_is_seen_at_the_next_request(elsewhere, client, path):
    layer_lookup.cache_clear()
    status, ids, etag = _features(client, path)
    assert (status, ids) == (200, [1])
    with CaptureQueriesContext(connection) as queries:  # warm: no layer query, only the state probe
        assert _features(client, path)[:2] == (200, [1])
    assert not [q for q in queries.captured_queries if q["sql"].startswith('SELECT "hazards_layer"')]
    assert sum("concat_ws" in q["sql"] for q in queries.captured_queries) == 1

    def publish_second():
        layer = Layer.objects.get(slug=SLUG)
        layer_publish(layer=layer, version=LayerVersion.objects.get(pk=elsewhere))

    in_own_connection(publish_second)
    status, ids, new_etag = _features(client, path)
    assert (status, ids) == (200, [1, 2])
    assert new_etag != etag


@pytest.mark.parametrize("route", ["/api/v1/layers/{}/features/", "/ogc/collections/{}/items", "/tiles/{}/4/11/5.pbf"])
def test_a_restricted_layer_stays_404_to_anonymous_readers_with_a_warm_cache(client, analyst, route):
    layer_lookup.cache_clear()
    layer = _layer("lookup-restricted", Layer.Access.RESTRICTED)
    layer_publish(layer=layer, version=_points(layer, 1, 3))
    path = route.format(layer.slug)
    client.force_login(analyst)
    assert client.get(path).status_code == 200  # the analyst's entry is warm
    client.logout()
    for _ in range(2):
        assert client.get(path).status_code == 404


def test_a_layer_made_restricted_disappears_at_the_next_request_even_without_an_edit_time(client):
    layer_lookup.cache_clear()
    layer = _layer("lookup-was-public")
    layer_publish(layer=layer, version=_points(layer, 1, 3))
    path = f"/api/v1/layers/{layer.slug}/features/"
    assert client.get(path).status_code == 200
    assert client.get(path).status_code == 200  # warm
    updated_at = Layer.objects.get(pk=layer.pk).updated_at
    Layer.objects.filter(pk=layer.pk).update(access=Layer.Access.RESTRICTED)  # `updated_at` stays as it was
    assert Layer.objects.get(pk=layer.pk).updated_at == updated_at
    assert client.get(path).status_code == 404


def test_each_request_gets_its_own_copy_of_the_cached_layer(client):
    layer_lookup.cache_clear()
    layer = _layer("lookup-copy")
    layer_publish(layer=layer, version=_points(layer, 1, 1))
    from django.contrib.auth.models import AnonymousUser

    first = layer_lookup.layer_visible_get(AnonymousUser(), layer.slug)
    first.title_en = "changed by one request"
    again = layer_lookup.layer_visible_get(AnonymousUser(), layer.slug)
    assert again.title_en == "Layer"
    assert again.published_version.feature_count == first.published_version.feature_count
