"""Vector files with a geometry and no attribute at all load (issue 28, item 7): GeoJSON with empty properties, a
GeoPackage with only its geometry column, a Shapefile whose table has no field of the source's."""

import json
import zipfile

import geopandas as gpd
import pyogrio
import pytest
from shapely.geometry import Point

from hazards.models import Feature

pytestmark = pytest.mark.django_db
POINTS = [Point(74.6, 42.9), Point(69.3, 41.3), Point(71.4, 51.2)]


def _geodataframe():
    return gpd.GeoDataFrame(geometry=POINTS, crs="EPSG:4326")


def _geojson(tmp_path):
    path = tmp_path / "bare.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {}, "geometry": p.__geo_interface__} for p in POINTS]}))
    return path


def _geopackage(tmp_path):
    path = tmp_path / "bare.gpkg"
    pyogrio.write_dataframe(_geodataframe(), path, driver="GPKG")
    return path


def _shapefile(tmp_path):
    folder = tmp_path / "shp"
    folder.mkdir()
    pyogrio.write_dataframe(_geodataframe(), folder / "bare.shp", driver="ESRI Shapefile")
    path = tmp_path / "bare.zip"
    with zipfile.ZipFile(path, "w") as archive:
        for part in folder.iterdir():
            archive.write(part, part.name)
    return path


@pytest.mark.parametrize("make", [_geojson, _geopackage, _shapefile], ids=["geojson", "gpkg", "shapefile"])
def test_a_file_of_geometries_without_attributes_loads(send, tmp_path, make):
    _, upload = send(make(tmp_path))
    assert upload["status"] == "ready", upload["errors"]
    assert upload["preview"]["feature_count"] == len(POINTS)
    loaded = Feature.objects.filter(version__layer__slug=upload["layer"], version__number=upload["version"])
    coordinates = sorted(loaded.values_list("geom", flat=True), key=lambda g: g.x)
    assert [round(g.x, 4) for g in coordinates] == sorted(p.x for p in POINTS)
