"""The atlas's own endpoints: health probe, home page, the first API lists."""

import pytest

pytestmark = pytest.mark.django_db


def test_healthz_reports_postgis(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["postgis"].startswith("3.")


def test_countries_api_lists_the_region_with_areas(client):
    countries = {c["iso3"]: c for c in client.get("/api/v1/countries/").json()}
    assert len(countries) == 17
    assert countries["KAZ"]["is_member"]
    assert countries["KAZ"]["names"]["kk"] == "Қазақстан"
    assert countries["KAZ"]["area_km2"] == pytest.approx(2_724_900, rel=0.02)


def test_layers_api_lists_layers_with_counts_and_licences(client):
    body = client.get("/api/v1/layers/?limit=100", HTTP_ACCEPT_LANGUAGE="en").json()
    layers = {layer["slug"]: layer for layer in body["results"]}
    assert body["count"] == len(layers) == 27  # 23 + the four layers of the events register (issue 24)
    emca = layers["seismic-earthquakes-emca"]
    assert emca["feature_count"] == 33608
    assert emca["licence"] == "CC BY-SA 4.0"
    assert emca["title"].startswith("Earthquakes")
    assert emca["titles"]["ru"].startswith("Землетрясения")
    assert emca["hazard_type"] == "seismic"
    assert emca["geometry_types"] == ["Point"]
    west, south, east, north = emca["bbox"]
    assert 44 <= west < east <= 90
    assert 33 <= south < north <= 57


def test_restricted_layers_are_not_listed_for_anonymous_users(client, analyst):
    from hazards.models import Layer

    Layer.objects.filter(slug="manmade-reservoirs").update(access=Layer.Access.RESTRICTED)
    slugs = {layer["slug"] for layer in client.get("/api/v1/layers/?limit=100").json()["results"]}
    assert "manmade-reservoirs" not in slugs
    assert len(slugs) == 26  # 27 layers (with the events register) less the restricted one
    assert client.get("/api/v1/layers/manmade-reservoirs/").status_code == 404
    client.force_login(analyst)
    assert client.get("/api/v1/layers/manmade-reservoirs/").status_code == 200


def test_home_page_speaks_the_browsers_language(client):
    assert "Атлас" in client.get("/", HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert "Hazards Atlas" in client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()


def test_openapi_schema_documents_rest_tiles_and_ogc_and_swagger_is_served_locally(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    for path in ("/api/v1/layers/{slug}/features/", "/tiles/{slug}/{z}/{x}/{y}.pbf",
                 "/ogc/collections/{collectionId}/items"):
        assert path in paths, path
    docs = client.get("/api/docs/").content.decode()
    assert "swagger-ui" in docs
    assert "cdn" not in docs.lower()
    assert "https://" not in docs
