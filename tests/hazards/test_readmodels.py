"""The passports, the matrix, its cells and coverage read from the read models give exactly what the request-time
SQL gave (tests/hazards/passports_before.py) on the loaded region, for countries and an area, for both audiences
(three layers restricted so that the audiences differ); a layer published and analysed shows in them; a layer
made restricted leaves the public's before the change returns."""

import json

import pytest
from django.db.models import Count

from hazards.analysis.readmodels import readmodels_refresh
from hazards.analysis.service import analysis_recompute
from hazards.coverage import coverage_matrix
from hazards.models import (
    Audience,
    CellFeature,
    Country,
    CoverageCount,
    HazardType,
    Layer,
    MatrixCount,
    UnitDecade,
    UnitShared,
)
from hazards.passports import LEVEL_CODES, matrix_cell, passport, regional_overview
from hazards.services.layers import layer_access_set, layer_delete
from ingest.pipeline import ingest_file
from tests.hazards import passports_before as before

pytestmark = pytest.mark.django_db
UNITS = [("KGZ", None), ("TJK", None), ("KAZ", None), ("KGZ", "KG-J")]
AUDIENCES = [Audience.PUBLIC, Audience.FULL]
CELLS = [("KGZ", "UZB"), ("KGZ", "TJK"), ("TJK", "AFG"), ("KAZ", "CHN"), ("KGZ", "KGZ"), ("AFG", "TJK")]
RESTRICTED = ["flood-outburst-lakes-register", "seismic-earthquakes-usgs", "manmade-dams-register"]


@pytest.fixture
def audiences_differ():
    """Three of the region's layers restricted (the read models and the oracle both read access as it is now)."""
    Layer.objects.filter(slug__in=RESTRICTED).update(access=Layer.Access.RESTRICTED)


def _shared(iso3, area, audience) -> list[tuple]:
    return [(row["country"], row["hazard"], row["features"], row["worst_level"])
            for row in passport(iso3, area, audience=audience)["shared"]]


def _cell(origin, target, audience) -> list[tuple]:
    return [(row["layer"], row["id"], row["level"], row["countries"], row["influence_countries"],
             row["downstream_countries"], row["label"]) for row in matrix_cell(origin, target, audience=audience)]


def _cell_before(origin, target, audience) -> list[tuple]:
    return [(slug, fid, LEVEL_CODES.get(level), countries, inf, down, label)
            for slug, fid, level, countries, inf, down, label in before.cell_before(origin, target, audience)]


def _matrix(audience) -> dict:
    return {(row["from"], cell["to"]): {"features": cell["features"], "worst_level": cell["worst_level"]}
            for row in regional_overview(audience=audience)["matrix"] for cell in row["cells"] if "self" not in cell}


def _matrix_before(audience) -> dict:
    members = sorted(Country.objects.filter(is_member=True).values_list("iso3", flat=True))
    found = before.matrix_before(audience)
    return {(a, b): found.get((a, b), {"features": 0, "worst_level": None}) for a in members for b in members
            if a != b}


def _coverage(audience) -> set[tuple]:
    ids = dict(Layer.objects.values_list("slug", "pk"))
    return {(row["country"], cell["hazard"], ids[layer["layer"]], layer["features"], layer["latest_year"])
            for row in coverage_matrix(audience=audience) for cell in row["hazards"] for layer in cell["layers"]}


def test_the_audiences_differ_so_that_comparing_both_means_something(audiences_differ):
    assert _shared("KGZ", None, Audience.PUBLIC) != _shared("KGZ", None, Audience.FULL)
    assert _cell("KGZ", "UZB", Audience.PUBLIC) != _cell("KGZ", "UZB", Audience.FULL)


@pytest.mark.parametrize("audience", AUDIENCES)
@pytest.mark.parametrize(("iso3", "area"), UNITS)
def test_the_shared_hazards_are_those_the_request_time_sql_found(audiences_differ, iso3, area, audience):
    assert _shared(iso3, area, audience) == before.shared_before(iso3, area, audience)


@pytest.mark.parametrize("audience", AUDIENCES)
@pytest.mark.parametrize(("iso3", "area"), UNITS)
def test_the_events_by_decade_are_those_the_request_time_sql_found(audiences_differ, iso3, area, audience):
    assert passport(iso3, area, audience=audience)["events_by_decade"] == before.decades_before(iso3, area, audience)


@pytest.mark.parametrize(("iso3", "area"), UNITS)
def test_the_outline_is_the_one_postgis_draws_from_the_boundary(iso3, area):
    assert passport(iso3, area, audience=Audience.PUBLIC)["map"] == before.map_before(iso3, area)


@pytest.mark.parametrize("audience", AUDIENCES)
def test_every_matrix_cell_counts_what_the_request_time_sql_counted(audiences_differ, audience):
    assert _matrix(audience) == _matrix_before(audience)


@pytest.mark.parametrize("audience", AUDIENCES)
@pytest.mark.parametrize(("origin", "target"), CELLS)
def test_a_cells_features_are_those_the_request_time_sql_listed_in_its_order(audiences_differ, origin, target,
                                                                            audience):
    assert _cell(origin, target, audience) == _cell_before(origin, target, audience)


@pytest.mark.parametrize("audience", AUDIENCES)
def test_coverage_is_what_the_request_time_sql_found(audiences_differ, audience):
    assert _coverage(audience) == before.coverage_before(audience)


def test_the_matrix_and_the_coverage_are_not_empty():
    assert _matrix(Audience.PUBLIC)[("KGZ", "UZB")]["features"] > 0
    assert ("KGZ", "seismic") in {(c, h) for c, h, *_ in _coverage(Audience.PUBLIC)}


SLUG = "test-readmodel-mudflows"
LABEL = "READMODEL-MUDFLOW-QZX"
POINTS = [(72.45, 41.27), (72.47, 41.25), (72.43, 41.29)]  # near Mailuu-Suu (Jalal-Abad), reaching Uzbekistan


@pytest.fixture
def new_layer(tmp_path):
    """A public Kyrgyz mudflow layer published and analysed (the analysis writes the read models)."""
    path = tmp_path / "mudflows.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [x, y]},
         "properties": {"name": LABEL, "year": 1911}} for x, y in POINTS]}))
    layer = Layer.objects.create(
        slug=SLUG, title_ru="Сели", title_en="Mudflows", label_field="name", time_field="year",
        hazard_type=HazardType.objects.get(code=HazardType.MUDFLOW), owner=Country.objects.get(iso3="KGZ"),
        classification={"level": "high"}, official=True)
    ingest_file(layer=layer, path=path, publish=True)
    analysis_recompute()
    return layer


def test_a_layer_published_and_analysed_shows_in_the_passport_matrix_cell_and_coverage(new_layer):
    assert _shared("KGZ", "KG-J", "public") == before.shared_before("KGZ", "KG-J", "public")
    assert {"decade": "1910s", "counts": {"mudflow": 3}} in passport("KGZ", "KG-J", audience="public")[
        "events_by_decade"]
    assert [row[6] for row in _cell("KGZ", "UZB", "public")].count(LABEL) == 3
    assert _cell("KGZ", "UZB", "public") == _cell_before("KGZ", "UZB", "public")
    assert _matrix("public") == _matrix_before("public")
    assert ("KGZ", "mudflow", new_layer.pk, 3, 1911) in _coverage("public")


def test_a_layer_made_restricted_leaves_the_public_read_models_before_the_change_returns():
    layer = Layer.objects.get(slug="flood-outburst-lakes-register")
    cell_before_change = [row[0] for row in _cell("KGZ", "UZB", "public")]
    coverage_before_change = [row[2] for row in _coverage("public")]
    layer_access_set(layer=layer, access=Layer.Access.RESTRICTED)
    assert layer.slug in cell_before_change
    assert layer.pk in coverage_before_change
    assert layer.slug not in [row[0] for row in _cell("KGZ", "UZB", "public")]
    assert layer.pk not in [row[2] for row in _coverage("public")]
    assert _shared("KGZ", None, "public") == before.shared_before("KGZ", None, "public")
    assert _matrix("public") == _matrix_before("public")
    assert layer.slug in [row[0] for row in _cell("KGZ", "UZB", "full")]


def _rows_by_version() -> dict[int, int]:
    counts: dict[int, int] = {}
    for model in (UnitShared, UnitDecade, MatrixCount, CellFeature, CoverageCount):
        for version, n in model.objects.values_list("version_id").annotate(n=Count("id")):
            counts[version] = counts.get(version, 0) + n
    return counts


def test_a_refresh_of_one_version_replaces_its_rows_and_leaves_every_other_versions():
    version = Layer.objects.get(slug="flood-outburst-lakes-register").published_version_id
    others = set(CellFeature.objects.exclude(version_id=version).values_list("pk", flat=True))
    counts = _rows_by_version()
    old = set(CellFeature.objects.filter(version_id=version).values_list("pk", flat=True))
    readmodels_refresh(versions=[version])
    assert _rows_by_version() == counts
    assert set(CellFeature.objects.exclude(version_id=version).values_list("pk", flat=True)) == others
    assert old.isdisjoint(CellFeature.objects.filter(version_id=version).values_list("pk", flat=True))


def test_a_deleted_layer_takes_its_versions_read_model_rows_with_it():
    layer = Layer.objects.get(slug="flood-outburst-lakes-register")
    version = layer.published_version_id
    assert _rows_by_version()[version] > 0
    layer_delete(layer=layer)
    assert version not in _rows_by_version()
