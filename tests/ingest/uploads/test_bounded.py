"""Bombs are refused by the limit that fits them, within the limits' time, and the next upload goes through:
declared sizes are checked before reading, counted ones while reading, memory and time by the confined child."""

import json
import sqlite3

import geopandas as gpd
import numpy as np
import pyogrio
import pytest
import rasterio
from rasterio.transform import from_origin
from shapely.geometry import Point, Polygon

from .conftest import CORPUS

pytestmark = pytest.mark.django_db


def sparse_geotiff(path, size: int):
    """A GeoTIFF of a few KB that declares `size` × `size` cells: its tiles are never written (sparse)."""
    with rasterio.open(path, "w", driver="GTiff", width=size, height=size, count=1, dtype="uint8", crs="EPSG:4326",
                       transform=from_origin(70, 45, 1e-5, 1e-5), tiled=True, compress="deflate",
                       sparse_ok=True, blockxsize=1024, blockysize=1024):
        pass
    return path


def big_geopackage(path, rows: int, *, declared: int | None = None):
    """A GeoPackage of `rows` features, made small: one point written by GDAL, the rest empty rows added in SQL;
    `declared` overwrites the count the file states."""
    frame = gpd.GeoDataFrame({"n": [1]}, geometry=[Point(74.6, 42.9)], crs="EPSG:4326")
    pyogrio.write_dataframe(frame, path, layer="bomb", driver="GPKG", layer_options={"SPATIAL_INDEX": "NO"})
    with sqlite3.connect(path) as db:
        db.execute(f"WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r WHERE i < {rows - 1}) "
                   "INSERT INTO bomb (n) SELECT i FROM r")
        if declared is not None:
            db.execute("UPDATE gpkg_ogr_contents SET feature_count = ?", [declared])
    return path


def assert_next_upload_goes_through(send):
    response, upload = send(CORPUS / "good" / "kyrgyzstan_mudflows.geojson")
    assert upload["status"] == "ready", upload["errors"]


def test_a_small_geotiff_declaring_150000_squared_cells_is_refused_before_reading(send, tmp_path):
    path = sparse_geotiff(tmp_path / "huge.tif", 150_000)
    assert path.stat().st_size < 1_000_000
    _, upload = send(path)
    assert upload["errors"][0]["error"] == "raster_too_large"
    assert "150000 × 150000" in upload["errors"][0]["detail"]
    assert_next_upload_goes_through(send)


def test_a_geotiff_that_decompresses_past_the_memory_limit_is_stopped(send, tmp_path, settings):
    settings.UPLOAD_MAX_PIXELS, settings.INGEST_MEMORY_MB = 10**10, 768
    _, upload = send(sparse_geotiff(tmp_path / "zeros.tif", 12_000))
    assert upload["errors"][0]["error"] == "memory_limit"
    assert "768" in upload["errors"][0]["detail"]
    assert_next_upload_goes_through(send)


def test_a_geotiff_whose_conversion_passes_the_time_limit_is_stopped(send, tmp_path, settings):
    settings.UPLOAD_MAX_PIXELS, settings.INGEST_SECONDS = 10**10, 1
    _, upload = send(sparse_geotiff(tmp_path / "slow.tif", 20_000))
    assert upload["errors"][0]["error"] == "time_limit"
    settings.INGEST_SECONDS = 900
    assert_next_upload_goes_through(send)


def test_a_small_geopackage_of_two_million_features_is_refused_by_its_count(send, tmp_path):
    path = big_geopackage(tmp_path / "bomb.gpkg", 2_000_000)
    _, upload = send(path)
    assert upload["errors"][0]["error"] == "too_many_features"
    assert "2000000" in upload["errors"][0]["detail"]
    assert_next_upload_goes_through(send)


def test_a_geopackage_that_understates_its_count_is_stopped_while_reading(send, tmp_path, settings):
    settings.UPLOAD_MAX_FEATURES, settings.INGEST_CHUNK_SIZE = 1000, 500
    _, upload = send(big_geopackage(tmp_path / "liar.gpkg", 5000, declared=10))
    assert upload["errors"][0]["error"] == "too_many_features"
    assert_next_upload_goes_through(send)


def test_a_polygon_of_too_many_vertices_is_refused(send, tmp_path, settings):
    settings.UPLOAD_MAX_VERTICES = 100_000
    angles = np.linspace(0, 2 * np.pi, 200_000, endpoint=False)
    ring = Polygon(np.column_stack([74.6 + 0.1 * np.cos(angles), 42.9 + 0.1 * np.sin(angles)]))
    path = tmp_path / "spiky.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"name": "spiky"}, "geometry": ring.__geo_interface__}]}))
    _, upload = send(path)
    assert upload["errors"][0]["error"] == "too_many_vertices"
    assert_next_upload_goes_through(send)
