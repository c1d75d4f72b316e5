"""Layer list filters and links, countries and admin areas, downloads decoded with GDAL."""

import io
import json
import zipfile

import pyogrio
import pytest

pytestmark = pytest.mark.django_db


def slugs(client, query):
    return {layer["slug"] for layer in client.get(f"/api/v1/layers/?limit=100&{query}").json()["results"]}


def test_layer_filters(client):
    assert slugs(client, "hazard=mudflow") == {"mudflow-glof-debris-flows", "mudflow-nasa-mudslides",
                                               "mudflow-events-register"}
    assert "seismic-earthquakes-emca" in slugs(client, "country=KGZ")
    assert "context-rivers" in slugs(client, "transboundary=true")
    # Transboundary by reach: points whose influence zone or way downstream enters a neighbour count;
    # reference points (places) are not analysed and cross no border.
    assert "manmade-dams-register" in slugs(client, "transboundary=true")
    assert "context-places-natural-earth" not in slugs(client, "transboundary=true")
    assert "manmade-nuclear-explosions" in slugs(client, "q=ядерные")
    assert slugs(client, "q=Ядролық") == {"manmade-nuclear-explosions"}
    assert slugs(client, "kind=raster") == {"seismic-event-density-emca"}
    ordered = client.get("/api/v1/layers/?ordering=-feature_count&limit=2").json()["results"]
    assert ordered[0]["slug"] == "seismic-earthquakes-emca"


def test_layer_links_lead_to_working_endpoints(client):
    layer = client.get("/api/v1/layers/context-plate-boundaries/").json()
    for name in ("features", "ogc_collection", "tilejson"):
        assert client.get(layer["links"][name]).status_code == 200, name
    assert set(layer["links"]["downloads"]) == {"gpkg", "shp", "csv", "kml", "geojson"}


def test_admin_areas_of_a_country_as_json_and_geojson(client):
    areas = client.get("/api/v1/admin-areas/?country=KGZ").json()
    assert len(areas) == 7
    assert {a["code"] for a in areas} >= {"KG-C", "KG-Y"}
    collection = json.loads(client.get("/api/v1/admin-areas/?country=TJK&level=1&format=geojson").content)
    assert len(collection["features"]) == 5
    assert collection["features"][0]["geometry"]["type"] == "MultiPolygon"
    assert client.get("/api/v1/admin-areas/?level=3").status_code == 400
    countries = json.loads(client.get("/api/v1/countries/?format=geojson").content)
    assert len(countries["features"]) == 17


def _download(client, slug, fmt):
    response = client.get(f"/api/v1/layers/{slug}/download/?format={fmt}")
    assert response.status_code == 200, response.content[:300]
    assert "attachment" in response["Content-Disposition"]
    return b"".join(response.streaming_content)


def test_shapefile_download_keeps_cyrillic_and_carries_licence(client, tmp_path):
    data = _download(client, "context-places-natural-earth", "shp")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
        assert any(n.endswith(".cpg") for n in names)
        assert "LICENCE.txt" in names
        assert "Public domain" in archive.read("LICENCE.txt").decode()
        archive.extractall(tmp_path)
    shp = next(tmp_path.glob("*.shp"))
    frame = pyogrio.read_dataframe(shp)
    assert len(frame) == 429
    assert {"Ташкент", "Бишкек", "Душанбе"} <= set(frame["name_ru"])


def test_geopackage_and_geojson_downloads_hold_every_feature(client, tmp_path):
    gpkg = tmp_path / "layer.gpkg"
    gpkg.write_bytes(_download(client, "seismic-earthquakes-noaa", "gpkg"))
    frame = pyogrio.read_dataframe(gpkg)
    assert len(frame) == 432
    assert frame["mag"].dtype.kind == "f"
    collection = json.loads(_download(client, "seismic-earthquakes-emca", "geojson"))
    assert len(collection["features"]) == 33608
    assert collection["licence"] == "CC BY-SA 4.0"


def test_csv_and_kml_downloads(client, tmp_path):
    with zipfile.ZipFile(io.BytesIO(_download(client, "manmade-reservoirs", "csv"))) as archive:
        csv_name = next(n for n in archive.namelist() if n.endswith(".csv"))
        text = archive.read(csv_name).decode("utf-8-sig")
    assert text.splitlines()[0].startswith("WKT")
    assert len(text.splitlines()) == 16
    kmz = tmp_path / "layer.kmz"
    kmz.write_bytes(_download(client, "manmade-reservoirs", "kml"))
    with zipfile.ZipFile(kmz) as archive:
        assert {"doc.kml", "LICENCE.txt"} <= set(archive.namelist())


def test_mixed_geometry_layer_becomes_one_shapefile_per_family(client, scratch_layer, data_dir, tmp_path):
    from hazards.services.layers import layer_publish
    from ingest.pipeline import ingest_file

    path = tmp_path / "mixed.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"n": "точка"}, "geometry": {"type": "Point", "coordinates": [70, 40]}},
        {"type": "Feature", "properties": {"n": "линия"},
         "geometry": {"type": "LineString", "coordinates": [[70, 40], [71, 41]]}},
    ]}), encoding="utf-8")
    version = ingest_file(layer=scratch_layer, path=path)
    layer_publish(layer=scratch_layer, version=version)
    with zipfile.ZipFile(io.BytesIO(_download(client, scratch_layer.slug, "shp"))) as archive:
        shapefiles = sorted(n for n in archive.namelist() if n.endswith(".shp"))
    assert [name.rsplit("_", 1)[1] for name in shapefiles] == ["lines.shp", "points.shp"]


def test_unknown_download_format_is_a_400(client):
    response = client.get("/api/v1/layers/manmade-reservoirs/download/?format=dwg")
    assert response.status_code == 400
    assert response.json()["parameter"] == "format"
