"""The core vector ingest on real files: encodings, coordinate systems, transactions."""

import pytest
from django.db import connection

from hazards.models import Feature, LayerVersion
from hazards.services import versions
from hazards.services.layers import layer_publish
from ingest.errors import IngestError
from ingest.pipeline import ingest_file

pytestmark = pytest.mark.django_db


def test_a_point_in_almaty_touches_kazakhstan_only(scratch_layer, data_dir):
    version = ingest_file(layer=scratch_layer, path=data_dir / "almaty_point.geojson", publish=True)
    feature = Feature.objects.get(version=version)
    assert feature.countries == ["KAZ"]
    assert feature.transboundary is False
    assert feature.properties["name"] == "Алматы"
    assert version.status == LayerVersion.Status.PUBLISHED
    assert version.feature_count == 1
    assert version.geometry_types == ["Point"]
    scratch_layer.refresh_from_db()
    assert scratch_layer.published_version == version


def test_cp1251_shapefile_in_pulkovo_1942_lands_decoded_and_in_place(scratch_layer, data_dir):
    version = ingest_file(layer=scratch_layer, path=data_dir / "kaz_towns_cp1251_pulkovo" / "towns.shp")
    assert version.source_encoding.upper() in {"CP1251", "WINDOWS-1251"}
    assert "Pulkovo" in version.source_crs or "28413" in version.source_crs
    towns = {f.properties["name_ru"]: f for f in Feature.objects.filter(version=version)}
    assert set(towns) == {"Алматы", "Талдыкорган", "Усть-Каменогорск"}
    with connection.cursor() as cursor:
        # Distance on the spheroid from where the file says Almaty is to Republic Square (76.9454 E, 43.2381 N).
        cursor.execute("SELECT ST_Distance(geom::geography, ST_MakePoint(76.9454, 43.2381)::geography) "
                       "FROM hazards_feature WHERE id = %s", [towns["Алматы"].pk])
        assert cursor.fetchone()[0] < 5
    assert towns["Усть-Каменогорск"].countries == ["KAZ"]


def test_versions_are_numbered_and_readers_keep_the_published_one(scratch_layer, data_dir):
    first = ingest_file(layer=scratch_layer, path=data_dir / "almaty_point.geojson", publish=True)
    second = ingest_file(layer=scratch_layer, path=data_dir / "kaz_towns_cp1251_pulkovo" / "towns.shp")
    scratch_layer.refresh_from_db()
    assert (first.number, second.number) == (1, 2)
    assert scratch_layer.published_version == first  # a ready version is not served until published
    layer_publish(layer=scratch_layer, version=second)
    scratch_layer.refresh_from_db()
    assert scratch_layer.published_version == second
    first.refresh_from_db()
    assert first.status == LayerVersion.Status.READY


def _state(layer):
    layer.refresh_from_db()
    return (layer.published_version_id, layer.versions.count(),
            Feature.objects.filter(version__layer=layer).count())


def test_bad_coordinates_half_way_leave_nothing_and_the_old_version_served(scratch_layer, data_dir, tmp_path,
                                                                         settings):
    ingest_file(layer=scratch_layer, path=data_dir / "almaty_point.geojson", publish=True)
    before = _state(scratch_layer)
    features = ",".join(
        f'{{"type":"Feature","properties":{{"n":{i}}},"geometry":{{"type":"Point","coordinates":[{lon},43]}}}}'
        for i, lon in enumerate([70, 71, 72, 73, 250])
    )
    bad = tmp_path / "bad.geojson"
    bad.write_text(f'{{"type":"FeatureCollection","features":[{features}]}}')
    settings.INGEST_CHUNK_SIZE = 2  # the first two batches are copied before the bad feature is met
    with pytest.raises(IngestError) as error:
        ingest_file(layer=scratch_layer, path=bad, publish=True)
    assert error.value.code == "coordinates_out_of_range"
    assert error.value.extra["features"] == [5]
    assert _state(scratch_layer) == before


def test_a_failure_after_copy_rolls_back_everything(scratch_layer, data_dir, monkeypatch):
    ingest_file(layer=scratch_layer, path=data_dir / "almaty_point.geojson", publish=True)
    before = _state(scratch_layer)

    def broken_finish(version, **counts):
        raise RuntimeError("disk full")

    monkeypatch.setattr("ingest.vector.version_finish", broken_finish)
    with pytest.raises(RuntimeError):
        ingest_file(layer=scratch_layer, path=data_dir / "kaz_towns_cp1251_pulkovo" / "towns.shp", publish=True)
    assert _state(scratch_layer) == before
    with connection.cursor() as cursor:  # the staging table is dropped with the transaction
        cursor.execute("SELECT to_regclass(%s)", [versions.STAGE])
        assert cursor.fetchone()[0] is None


def test_invalid_geometries_are_repaired_and_counted_and_empty_ones_dropped(scratch_layer, tmp_path):
    bowtie = '{"type":"Polygon","coordinates":[[[70,40],[71,41],[71,40],[70,41],[70,40]]]}'
    path = tmp_path / "mixed.geojson"
    path.write_text('{"type":"FeatureCollection","features":['
                    f'{{"type":"Feature","properties":{{"k":"bowtie"}},"geometry":{bowtie}}},'
                    '{"type":"Feature","properties":{"k":"none"},"geometry":null},'
                    '{"type":"Feature","properties":{"k":"z"},"geometry":{"type":"Point","coordinates":[69.2,41.3,455]}}'
                    "]}")
    version = ingest_file(layer=scratch_layer, path=path)
    assert (version.feature_count, version.repaired_count, version.dropped_count) == (2, 1, 1)
    assert sorted(version.geometry_types) == ["MultiPolygon", "Point"]
    tashkent = Feature.objects.get(version=version, properties__k="z")
    assert not tashkent.geom.hasz
    assert tashkent.countries == ["UZB"]
    assert Feature.objects.get(version=version, properties__k="bowtie").geom.valid


def test_unknown_formats_are_refused_with_a_message(scratch_layer, tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("not a map")
    with pytest.raises(IngestError, match="not supported"):
        ingest_file(layer=scratch_layer, path=path)
