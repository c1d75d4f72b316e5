"""Restricted data never leaks: every endpoint that can show a layer, swept as every kind of user."""

import pytest

from hazards.models import Country, Layer
from hazards.services.users import user_set_role
from tests.tokens import token_for

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
    return {"HTTP_AUTHORIZATION": f"Token {token_for(user)}"}


@pytest.mark.parametrize("how", ["session", "token"])
@pytest.mark.parametrize(("who", "allowed"), [
    ("anonymous", False), ("kgz_editor", False), ("analyst", True), ("kaz_editor", True), ("regional_admin", True),
])
def test_every_endpoint_honours_access(request, client, restricted, who, allowed, how):
    user = None if who == "anonymous" else request.getfixturevalue(who)
    headers = _as(client, user, how)
    answers = (200, 204) if allowed else (404,)
    for url in ENDPOINTS:
        status = client.get(url, **headers).status_code
        assert status in answers, (url, status)
    for url, slugs in LISTS:
        assert (SLUG in slugs(client.get(url, **headers).json())) is allowed, url


def test_restricted_layers_are_not_cached_by_shared_caches(client, restricted, analyst):
    client.force_login(analyst)
    response = client.get(f"/api/v1/layers/{SLUG}/features/?limit=1")
    assert response["Cache-Control"].startswith("private")


# Private regional CAP messages on the map's outputs: the OGC collection `alerts` and its vector tiles, swept as
# every kind of user; the map draws exactly what the tiles hold (tests/browser/test_map_alerts.py).
ALERT_OUTPUTS = ["/ogc/collections/alerts/items?limit=1000", "/tiles/alerts/7/89/47.mvt", "/tiles/alerts/5/22/11.mvt"]


def _alert_ids(response) -> set[int]:
    import json

    import mapbox_vector_tile

    assert response.status_code in (200, 204), response.content[:200]
    assert response["Cache-Control"].startswith("private")
    if response.status_code == 204:
        return set()
    if response["Content-Type"] == "application/geo+json":
        return {feature["id"] for feature in json.loads(response.content)["features"]}
    return {feature["id"] for feature in mapbox_vector_tile.decode(response.content)["alerts"]["features"]}


@pytest.mark.parametrize("how", ["session", "token"])
@pytest.mark.parametrize(("who", "sees_private"), [
    ("anonymous", False), ("kaz_editor", False), ("kgz_editor", False), ("analyst", False),
    ("not addressed", False), ("addressee", True), ("sender's duty officer", True), ("regional_admin", True),
])
def test_private_alerts_reach_their_addressees_only(request, client, who, sees_private, how):
    from tests.alerts.factories import regional_focal_points, send

    issuer = user_set_role(username="sweep-issuer", role="issuer", country="KGZ", password="pw-atlas-1")[0]
    points = regional_focal_points("sweep")
    national, regional = send(issuer)
    assert "sweep-uzb" in regional.address_tokens()
    assert "sweep-kgz" not in regional.address_tokens()
    user = {"anonymous": None, "not addressed": points["KGZ"].user, "addressee": points["UZB"].user,
            "sender's duty officer": issuer}.get(who) or (None if who == "anonymous" else request.getfixturevalue(who))
    headers = _as(client, user, how)
    for url in ALERT_OUTPUTS:
        ids = _alert_ids(client.get(url, **headers))
        assert national.pk in ids, (url, who)
        assert (regional.pk in ids) is sees_private, (url, who)
    single = client.get(f"/ogc/collections/alerts/items/{regional.pk}", **headers)
    assert single.status_code == (200 if sees_private else 404)
