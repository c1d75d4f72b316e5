"""Restricted data never leaks: every endpoint that can show a layer, swept as every kind of user."""

import pytest
from rest_framework.authtoken.models import Token

from hazards.models import Country, Layer

pytestmark = pytest.mark.django_db
SLUG = "manmade-hydropower-dams"

ENDPOINTS = [
    f"/api/v1/layers/{SLUG}/",
    f"/api/v1/layers/{SLUG}/features/",
    f"/api/v1/layers/{SLUG}/features/1/",
    f"/api/v1/layers/{SLUG}/download/?format=geojson",
    f"/api/v1/layers/{SLUG}/download/?format=gpkg",
    f"/api/v1/layers/{SLUG}/download/?format=shp",
    f"/api/v1/layers/{SLUG}/download/?format=csv",
    f"/api/v1/layers/{SLUG}/download/?format=kml",
    f"/tiles/{SLUG}.json",
    f"/tiles/{SLUG}/0/0/0.pbf",
    f"/tiles/{SLUG}/5/22/11.pbf",
    f"/ogc/collections/{SLUG}",
    f"/ogc/collections/{SLUG}/queryables",
    f"/ogc/collections/{SLUG}/items",
    f"/ogc/collections/{SLUG}/items?f=html",
    f"/ogc/collections/{SLUG}/items/1",
    f"/layers/{SLUG}/",
    f"/layers/{SLUG}/?page=2",
]
LISTS = [("/api/v1/layers/?limit=100", lambda body: {layer["slug"] for layer in body["results"]}),
         ("/ogc/collections", lambda body: {c["id"] for c in body["collections"]})]


@pytest.fixture
def restricted():
    Layer.objects.filter(slug=SLUG).update(access=Layer.Access.RESTRICTED, owner=Country.objects.get(iso3="KAZ"))


def _as(client, user, how):
    if user is None:
        return {}
    if how == "session":
        client.force_login(user)
        return {}
    return {"HTTP_AUTHORIZATION": f"Token {Token.objects.get_or_create(user=user)[0].key}"}


@pytest.mark.parametrize("how", ["session", "token"])
@pytest.mark.parametrize(("who", "allowed"), [
    ("anonymous", False), ("kgz_editor", False), ("analyst", True), ("kaz_editor", True), ("regional_admin", True),
])
def test_every_endpoint_honours_access(request, client, restricted, who, allowed, how):
    user = None if who == "anonymous" else request.getfixturevalue(who)
    headers = _as(client, user, how)
    for url in ENDPOINTS:
        status = client.get(url, **headers).status_code
        if allowed:
            assert status in (200, 204), (url, status)
        else:
            assert status == 404, (url, status)
    for url, slugs in LISTS:
        assert (SLUG in slugs(client.get(url, **headers).json())) is allowed, url


def test_restricted_layers_are_not_cached_by_shared_caches(client, restricted, analyst):
    client.force_login(analyst)
    response = client.get(f"/api/v1/layers/{SLUG}/features/?limit=1")
    assert response["Cache-Control"].startswith("private")
