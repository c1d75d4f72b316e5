"""A raster layer (derived from EMCA): COG, PNG tiles, point values, TileJSON and download."""

import pytest
import rasterio
from django.db import connection
from rasterio.io import MemoryFile
from rio_cogeo.cogeo import cog_validate

from hazards.models import Layer

pytestmark = pytest.mark.django_db
SLUG = "seismic-event-density-emca"


def test_the_stored_raster_is_a_web_mercator_cog_with_nodata_and_statistics(settings):
    version = Layer.objects.get(slug=SLUG).published_version
    path = settings.MEDIA_ROOT / version.raster_path
    assert cog_validate(path, quiet=True)[0]
    with rasterio.open(path) as cog:
        assert cog.crs.to_epsg() == 3857
        assert cog.nodata == 0
        assert cog.tags()["LICENCE"] == "CC BY-SA 4.0"
    stats = version.raster_info["statistics"]
    assert stats["min"] == 1
    assert stats["max"] == 200
    assert version.bbox == pytest.approx([44, 33, 90, 57])


def test_value_matches_the_catalogue_it_was_derived_from(client):
    # The 0.25° cell holding the 1911 Kemin epicentre: lon 76.75-77.0, lat 42.75-43.0.
    emca = Layer.objects.get(slug="seismic-earthquakes-emca").published_version_id
    with connection.cursor() as cursor:  # the version named, so ST_X only meets EMCA's points, no other layer's lines
        cursor.execute("""
            SELECT count(*) FROM hazards_feature f
            WHERE f.version_id = %s::bigint AND (f.properties->>'mag_mlh')::float >= 4
              AND ST_X(f.geom) >= 76.75 AND ST_X(f.geom) < 77.0 AND ST_Y(f.geom) > 42.75 AND ST_Y(f.geom) <= 43.0""",
                       [emca])
        expected = cursor.fetchone()[0]
    body = client.get(f"/api/v1/layers/{SLUG}/value/?lon=76.88&lat=42.88").json()
    assert expected > 0
    assert body["value"] == expected
    assert body["nodata"] is False
    empty = client.get(f"/api/v1/layers/{SLUG}/value/?lon=55.1&lat=45.1").json()  # the Ustyurt plateau
    assert empty["nodata"] is True
    assert empty["value"] is None
    assert client.get(f"/api/v1/layers/{SLUG}/value/?lon=200&lat=40").json()["parameter"] == "lon"


def test_png_tiles_are_coloured_where_there_are_events(client):
    response = client.get(f"/tiles/{SLUG}/5/22/11.png")  # 67.5-78.75 E, 40.98-48.92 N
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    with MemoryFile(response.content) as memory, memory.open() as png:
        assert png.count == 4  # RGBA
        alpha = png.read(4)
    assert 0 < (alpha > 0).mean() < 1  # some cells have events, some are nodata (transparent)
    assert client.get(f"/tiles/{SLUG}/5/0/0.png").status_code == 204
    assert client.get(f"/tiles/{SLUG}/5/22/11.pbf").status_code == 400


def test_tilejson_legend_and_cog_download(client, tmp_path):
    tilejson = client.get(f"/tiles/{SLUG}.json").json()
    assert tilejson["tiles"][0].endswith(".png")
    assert "vector_layers" not in tilejson
    assert tilejson["legend"][0]["value"] == 1
    assert tilejson["legend"][-1]["value"] == 50
    response = client.get(f"/api/v1/layers/{SLUG}/download/?format=tif")
    out = tmp_path / "density.tif"
    out.write_bytes(b"".join(response.streaming_content))
    assert cog_validate(out, quiet=True)[0]
    layer = client.get(f"/api/v1/layers/{SLUG}/").json()
    assert set(layer["links"]["downloads"]) == {"tif"}
    assert "value" in layer["links"]
    assert client.get(f"/api/v1/layers/{SLUG}/features/").status_code == 400
    assert SLUG not in {c["id"] for c in client.get("/ogc/collections").json()["collections"]}
