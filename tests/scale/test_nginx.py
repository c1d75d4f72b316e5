"""nginx with deploy/nginx.conf in front of gunicorn (issue 12): tiles and GeoJSON pages cached under the layer's
published state, so a publish is a MISS with the new content at once; nothing personal or restricted cached."""

import json

import mapbox_vector_tile
import pytest

from .conftest import points

pytestmark = pytest.mark.slow
SLUG = "scale-cache"
TILE = f"/tiles/{SLUG}/0/0/0.pbf"
PAGE = f"/api/v1/layers/{SLUG}/features/?limit=50"


def get(stack, path: str, **headers) -> tuple[str, bytes, dict]:
    status, response_headers, body = stack.request(path, base=stack.nginx_url, token=False, headers=headers)
    assert status == 200, body
    return response_headers.get("X-Cache-Status"), body, response_headers


def tile_features(body: bytes, slug: str = SLUG) -> int:
    return len(mapbox_vector_tile.decode(body)[slug]["features"])


def test_tile_cached_until_a_publish_then_cached_again(stack):
    stack.upload(points(2), slug=SLUG, new_layer=True, base=stack.nginx_url)  # uploads pass through nginx
    stack.wait_replayed()
    first, body, _ = get(stack, TILE)
    second, again, headers = get(stack, TILE)
    assert (first, second) == ("MISS", "HIT")
    assert again == body
    assert tile_features(body) == 2
    assert headers["ETag"]

    with stack.replica() as replica:
        replica.execute("SELECT pg_wal_replay_pause()")
        try:
            stack.upload(points(6, offset=0.2), slug=SLUG, new_layer=False)
            # The key (read on the primary) moved on, but the replica still serves version 1: the atlas says
            # no-store, so the old tile is never filed under the new version's key.
            for _ in range(2):
                status, body, headers = get(stack, TILE)
                assert status == "MISS"
                assert tile_features(body) == 2
                assert headers["Cache-Control"] == "no-store"
        finally:
            replica.execute("SELECT pg_wal_replay_resume()")
    stack.wait_replayed()
    first, body, _ = get(stack, TILE)
    second, again, _ = get(stack, TILE)
    assert (first, second) == ("MISS", "HIT")
    assert again == body
    assert tile_features(body) == 6


def test_geojson_pages_are_cached_per_request(stack):
    first, body, _ = get(stack, PAGE)
    second, again, _ = get(stack, PAGE)
    assert (first, second) == ("MISS", "HIT")
    assert again == body
    assert len(json.loads(body)["features"]) == 6
    other, _, _ = get(stack, PAGE + "&offset=1")
    assert other == "MISS"
    language, body, _ = get(stack, PAGE, **{"Accept-Language": "kk"})
    assert language == "MISS"


def test_requests_with_credentials_are_never_cached(stack):
    for headers in ({"Cookie": "sessionid=abc"}, {"Authorization": f"Token {stack.token}"}):
        assert [get(stack, TILE, **headers)[0] for _ in range(2)] == ["BYPASS", "BYPASS"]


def test_restricted_layers_are_not_cached_and_do_not_leak(stack):
    slug = "scale-restricted"
    stack.upload(points(3), slug=slug, new_layer=True, base=stack.nginx_url, access="restricted")
    stack.wait_replayed()
    path = f"/tiles/{slug}/0/0/0.pbf"
    for _ in range(2):
        status, headers, _ = stack.request(path, base=stack.nginx_url, token=False)
        assert status == 404
        assert headers.get("X-Cache-Status") == "BYPASS"
        status, headers, body = stack.request(path, base=stack.nginx_url)  # the administrator's token
        assert status == 200
        assert headers.get("X-Cache-Status") == "BYPASS"
        assert tile_features(body, slug) == 3
    status, headers, _ = stack.request(path, base=stack.nginx_url, token=False)
    assert status == 404


def test_the_cache_key_endpoint_is_internal(stack):
    status, _, _ = stack.request("/_atlas/cache-key", base=stack.nginx_url, token=False)
    assert status == 404
