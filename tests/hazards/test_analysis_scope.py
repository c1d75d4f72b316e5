"""Incremental analysis: the job queued by a publication, rollback or reclassification recomputes what the layer
touches (hazards.analysis.scope) and leaves the same rows as a whole recomputation, for both audiences."""

import json

import pytest
from django.db import connection

from hazards.analysis.service import analysis_recompute
from hazards.models import (
    AreaLevel,
    CellFeature,
    Country,
    CoverageCount,
    Exposure,
    ExposureTotal,
    FeatureAnalysis,
    HazardType,
    Layer,
    MatrixCount,
    SearchEntry,
    UnitDecade,
    UnitShared,
)
from hazards.services.layers import layer_access_set, layer_classify, layer_rollback
from hazards.tasks import recompute_analysis
from ingest.pipeline import ingest_file
from region.loader import REGION_DIR

from ..conftest import queued_analyses

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

NEAR_NARYN = [(72.95, 41.85), (73.4, 41.6), (74.1, 41.4), (71.9, 41.1)]  # Toktogul, the Naryn valley, Fergana
NEAR_MAILUU_SUU = [(72.45, 41.27), (72.49, 41.04), (77.0, 43.2), (69.3, 41.3)]


def _layer(slug: str, code: str, *, access=Layer.Access.PUBLIC, river_hazard=False) -> Layer:
    return Layer.objects.create(
        slug=slug, title_ru=slug, title_en=slug, label_field="name", time_field="year",
        hazard_type=HazardType.objects.get(code=code), owner=Country.objects.get(iso3="KGZ"), access=access,
        classification={"level": "high"}, river_hazard=river_hazard, official=True)


def _publish(layer: Layer, points: list, tmp_path, capture) -> None:
    """A new version of `layer` from a GeoJSON file through the upload path, published; its job queued."""
    path = tmp_path / f"{layer.slug}-{len(points)}.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [x, y]},
         "properties": {"name": f"{layer.slug}-{i}", "year": 2000 + i}} for i, (x, y) in enumerate(points)]}))
    with capture(execute=True):
        ingest_file(layer=layer, path=path, publish=True)


def _run_queued_job() -> str:
    """Run the queued analysis job as the worker would, with its arguments, and take it off the queue."""
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM procrastinate_jobs WHERE task_name = 'recompute_analysis' AND status = 'todo' "
                       "RETURNING args::text")
        (args,), = cursor.fetchall()
    return recompute_analysis(**json.loads(args))


def _rows() -> dict:
    """Every stored result of the analysis, both audiences, without the rows' ids."""
    def table(queryset, *fields):
        return sorted(json.dumps(row, sort_keys=True, default=str) for row in queryset.values(*fields))

    return {
        "levels": table(AreaLevel.objects, "audience", "country_id", "area_id", "hazard_type_id", "level", "own_level",
                        "evidence"),
        "exposure": table(Exposure.objects, "audience", "layer_id", "origin_id", "country_id", "population",
                          "places"),
        "totals": table(ExposureTotal.objects, "audience", "hazard_type_id", "country_id", "population", "places"),
        "reach": table(FeatureAnalysis.objects, "feature_id", "version_id", "border_distance_km",
                       "influence_countries", "downstream_countries", "river", "downstream_path", "flood_zone",
                       "same_as", "same_as_km"),
        # the read models the passports, the matrix, its cells, coverage and search read
        "shared": table(UnitShared.objects, "version_id", "country_id", "area_id", "target", "features",
                        "worst_level"),
        "decades": table(UnitDecade.objects, "version_id", "country_id", "area_id", "decade", "events"),
        "matrix": table(MatrixCount.objects, "version_id", "origin", "target", "features", "worst_level"),
        "cells": table(CellFeature.objects, "version_id", "feature_id", "origin", "target", "level", "layer_slug",
                       "fid", "countries", "influence_countries", "downstream_countries", "label"),
        "coverage": table(CoverageCount.objects, "version_id", "iso3", "features", "latest_year"),
        "search": table(SearchEntry.objects, "version_id", "feature_id", "label", "level", "text"),
    }


def _assert_rows_of_a_whole_run() -> None:
    """The stored results now are exactly those a whole recomputation stores, table by table."""
    incremental = _rows()
    analysis_recompute(whole=True)
    whole = _rows()
    assert [name for name in whole if incremental[name] != whole[name]] == []


@pytest.fixture
def flood_and_restricted_mudflow(tmp_path, no_queued_analysis, django_capture_on_commit_callbacks):
    """A restricted mudflow layer and a public flood layer on the Naryn, published one after the other: the
    second publication's job collapses into the first's."""
    mudflow = _layer("scope-restricted-mudflows", HazardType.MUDFLOW, access=Layer.Access.RESTRICTED)
    flood = _layer("scope-naryn-floods", HazardType.FLOOD, river_hazard=True)
    _publish(mudflow, NEAR_MAILUU_SUU, tmp_path, django_capture_on_commit_callbacks)
    _publish(flood, NEAR_NARYN, tmp_path, django_capture_on_commit_callbacks)
    return mudflow, flood


def test_two_publications_queue_one_job_naming_the_first_layer(flood_and_restricted_mudflow):
    mudflow, _ = flood_and_restricted_mudflow
    assert queued_analyses() == 1
    with connection.cursor() as cursor:
        cursor.execute("SELECT args::text FROM procrastinate_jobs WHERE task_name = 'recompute_analysis'")
        assert json.loads(cursor.fetchone()[0]) == {"layers": [mudflow.pk]}


def test_the_collapsed_job_gives_exactly_the_rows_of_a_whole_recomputation(flood_and_restricted_mudflow):
    _, flood = flood_and_restricted_mudflow
    assert _run_queued_job() == "recomputed"
    assert Exposure.objects.filter(layer=flood).exists()
    assert CellFeature.objects.filter(layer_slug=flood.slug).exists()
    _assert_rows_of_a_whole_run()


def test_a_new_version_a_rollback_and_a_reclassification_each_give_the_rows_of_a_whole_recomputation(
        flood_and_restricted_mudflow, tmp_path, django_capture_on_commit_callbacks):
    mudflow, flood = flood_and_restricted_mudflow
    _run_queued_job()
    _publish(flood, NEAR_NARYN[:2], tmp_path, django_capture_on_commit_callbacks)
    _run_queued_job()
    flood.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        layer_rollback(layer=flood)
    _run_queued_job()
    mudflow.refresh_from_db()  # published by the upload path meanwhile
    with django_capture_on_commit_callbacks(execute=True):
        layer_classify(layer=mudflow, classification={"level": "low"})
    _run_queued_job()
    _assert_rows_of_a_whole_run()


def _xmins(sql: str, params) -> list:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def test_publishing_a_flood_layer_leaves_other_hazard_types_and_other_versions_alone(
        tmp_path, no_queued_analysis, django_capture_on_commit_callbacks):
    seismic = HazardType.objects.get(code=HazardType.SEISMIC)
    catalogue = Layer.objects.get(slug="seismic-earthquakes-emca").published_version_id
    seismic_levels = sorted(AreaLevel.objects.filter(hazard_type=seismic).values_list("pk", flat=True))
    seismic_exposure = sorted(Exposure.objects.filter(layer__hazard_type=seismic).values_list("pk", flat=True))
    reach_rows = "SELECT xmin::text FROM hazards_featureanalysis WHERE version_id = %s::bigint ORDER BY feature_id"
    catalogue_reach = _xmins(reach_rows, [catalogue])
    flood = _layer("scope-naryn-floods", HazardType.FLOOD, river_hazard=True)
    _publish(flood, NEAR_NARYN, tmp_path, django_capture_on_commit_callbacks)
    _run_queued_job()
    assert sorted(AreaLevel.objects.filter(hazard_type=seismic).values_list("pk", flat=True)) == seismic_levels
    assert sorted(Exposure.objects.filter(layer__hazard_type=seismic).values_list("pk", flat=True)) == seismic_exposure
    assert _xmins(reach_rows, [catalogue]) == catalogue_reach
    assert FeatureAnalysis.objects.filter(version_id=flood.versions.get().pk).count() == len(NEAR_NARYN)
    assert Exposure.objects.filter(layer=flood).exists()


def test_a_layer_restricted_and_made_public_again_before_the_job_gets_its_public_exposure_back(
        no_queued_analysis, django_capture_on_commit_callbacks):
    layer = Layer.objects.get(slug="mudflow-nasa-mudslides")
    public = Exposure.objects.filter(layer=layer, audience="public")
    before = sorted(public.values_list("origin_id", "country_id", "population", "places"))
    for access in (Layer.Access.RESTRICTED, Layer.Access.PUBLIC):
        with django_capture_on_commit_callbacks(execute=True):
            layer_access_set(layer=layer, access=access)
    assert not public.exists()  # withdrawn at once when it was made restricted
    assert _run_queued_job() == "recomputed"
    assert before
    assert sorted(public.values_list("origin_id", "country_id", "population", "places")) == before


def test_a_new_version_of_the_object_register_gives_the_rows_of_a_whole_recomputation(
        no_queued_analysis, django_capture_on_commit_callbacks):
    # Other layers' features are matched to the register's objects and walk downstream by them (one object, one
    # entry): republishing the register without Nurek must re-match the power plants' Nurek as a whole run would.
    dams = Layer.objects.get(slug="manmade-dams-register")
    with django_capture_on_commit_callbacks(execute=True):
        ingest_file(layer=dams, path=REGION_DIR.parent / "basins" / "objects.csv",
                    where="kind = 'dam' AND code <> 'nurek'", publish=True)
    assert queued_analyses() == 1
    _run_queued_job()
    with connection.cursor() as cursor:  # the published features only: the register's old version keeps its rows
        cursor.execute("""
            SELECT f.layer_slug FROM hazards_published_feature f
            JOIN hazards_featureanalysis a ON a.feature_id = f.id AND a.version_id = f.version_id
            WHERE a.same_as = 'nurek'""")
        assert cursor.fetchall() == []
    _assert_rows_of_a_whole_run()
