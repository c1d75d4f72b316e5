"""The one ingest contract: readers read and describe in the confined child, the pipeline keeps what is kept
(the version, its media, the publication) for vector and raster files alike, through one entry point."""

from pathlib import Path

import pytest
import rasterio

from hazards.media import gdal_options, gdal_path, media_exists, raster_cog_name
from hazards.models import HazardType, Layer, LayerVersion
from ingest.confined import raster_read
from ingest.errors import IngestError
from ingest.pipeline import ingest_file

RASTER = Path(__file__).resolve().parents[1] / "data" / "uploads" / "good" / "seismic_counts_utm42.tif"


@pytest.fixture
def raster_layer(db) -> Layer:
    return Layer.objects.create(slug="test-contract-raster", kind=Layer.Kind.RASTER, title_ru="Растр",
                                title_en="Raster", hazard_type=HazardType.objects.get(code="seismic"),
                                licence="CC BY 4.0", attribution="Test")


def test_a_geotiff_becomes_a_published_version_with_its_cog_stored_under_its_media_name(raster_layer):
    version = ingest_file(layer=raster_layer, path=RASTER, publish=True)
    raster_layer.refresh_from_db()
    assert raster_layer.published_version == version
    assert version.status == LayerVersion.Status.PUBLISHED
    assert version.source_format == "GeoTIFF"
    assert version.source_crs == "EPSG:32642"
    assert version.raster_path == raster_cog_name(layer_slug=raster_layer.slug, number=1,
                                                  checksum=version.source_checksum)
    assert media_exists(version.raster_path)
    assert "source_crs" not in version.raster_info
    assert version.raster_info["colormap"] == "ylorrd"
    with rasterio.Env(**gdal_options()), rasterio.open(gdal_path(version.raster_path)) as cog:
        assert cog.crs.to_epsg() == 3857
        assert cog.tags()["LICENCE"] == "CC BY 4.0"


def test_the_child_s_cog_lives_only_while_the_conversion_is_read(raster_layer):
    with raster_read(RASTER, srid=None, tags={}) as converted:
        assert converted.cog.is_file()
        assert converted.source_crs == "EPSG:32642"
        assert converted.description["crs"] == "EPSG:3857"
    assert not converted.cog.parent.exists()


def test_a_vector_layer_refuses_a_geotiff_and_keeps_no_version(scratch_layer):
    with pytest.raises(IngestError) as refused:
        ingest_file(layer=scratch_layer, path=RASTER)
    assert refused.value.code == "kind_mismatch"
    assert refused.value.message == "%(layer)s is a vector layer; a GeoTIFF needs a raster layer"
    assert not scratch_layer.versions.exists()


def test_a_raster_layer_refuses_a_vector_file_and_keeps_no_version(raster_layer, data_dir):
    with pytest.raises(IngestError) as refused:
        ingest_file(layer=raster_layer, path=data_dir / "almaty_point.geojson")
    assert refused.value.code == "kind_mismatch"
    assert refused.value.message == "%(layer)s is a raster layer; it takes a GeoTIFF"
    assert not raster_layer.versions.exists()
