"""How PostgreSQL runs every read of the passports, the matrix, its cells and coverage (issue 23: a country
passport joined the features with their analysis across every version partition, 34–112 s): no scan of a feature or
analysis partition, the read models reached through their indexes, and no more rows read than the answer needs —
checked on the loaded region with EXPLAIN ANALYZE (through tests/plans.py)."""

import pytest

from hazards.analysis.audience import audience_params
from hazards.coverage import COVERAGE
from hazards.models import AdminArea, Audience, CellFeature, Country, Layer
from hazards.passports import CELL, DECADES, MATRIX, OUTLINE, PUBLISHED, SHARED, unit_sql
from tests.plans import INDEXED, explain, plan_nodes

pytestmark = pytest.mark.django_db
READ_MODELS = {"hazards_unitshared", "hazards_unitdecade", "hazards_unitoutline", "hazards_matrixcount",
               "hazards_cellfeature", "hazards_coveragecount"}
UNITS = [("KGZ", None), ("KAZ", None), ("TJK", None), ("KGZ", "KG-J"), ("KAZ", "KZ-61"), ("KAZ", "KZ195200")]


def _analysed(sql: str, params, *, seqscan: bool = True) -> tuple[list[dict], list[tuple]]:
    """The nodes of the plan as run (EXPLAIN ANALYZE, no parallel workers) and the answer's rows. seqscan=False
    prices sequential scans out: the plan a bigger atlas gets for a table the region fills with two pages."""
    settings = {"max_parallel_workers_per_gather": 0, "enable_seqscan": "on" if seqscan else "off"}
    return explain(sql, params, settings=settings, analyze=True, rows=True)


def _read(nodes: list[dict]) -> int:
    """Rows the read-model scans handed up or threw away."""
    return sum((n["Actual Rows"] + n.get("Rows Removed by Filter", 0)) * n["Actual Loops"]
               for n in nodes if n.get("Relation Name") in READ_MODELS)


def _loops(nodes: list[dict]) -> int:
    """Loops of the read-model scans: EXPLAIN reports each scan's rows as a per-loop average, rounded."""
    return sum(n["Actual Loops"] for n in nodes if n.get("Relation Name") in READ_MODELS)


def _partitions(nodes: list[dict]) -> list[str]:
    return [n["Relation Name"] for n in nodes if n.get("Relation Name", "").startswith("hazards_feature")]


def _scans(nodes: list[dict]) -> set[str]:
    return {n["Node Type"] for n in nodes if n.get("Relation Name") in READ_MODELS}


def _layers() -> int:
    return Layer.objects.filter(published_version__isnull=False).count()


def _unit(iso3, area_code):
    country = Country.objects.get(iso3=iso3)
    return country, AdminArea.objects.get(country=country, code=area_code) if area_code else None


@pytest.mark.parametrize("template", [SHARED, DECADES], ids=["shared", "decades"])
@pytest.mark.parametrize(("iso3", "area_code"), UNITS)
def test_a_units_read_takes_its_rows_by_the_unit_index_and_no_more_than_one_per_layer_and_answer_row(
        template, iso3, area_code):
    sql, params = unit_sql(template, *_unit(iso3, area_code))
    nodes, rows = _analysed(sql, {**params, **audience_params(Audience.FULL)})
    assert _partitions(nodes) == []
    assert _scans(nodes) <= INDEXED
    assert rows
    assert _read(nodes) <= len(rows) * _layers()


@pytest.mark.parametrize(("iso3", "area_code"), UNITS)
def test_the_outline_is_one_row_read_by_its_unique_index(iso3, area_code):
    sql, params = unit_sql(OUTLINE, *_unit(iso3, area_code))
    nodes, rows = _analysed(sql, params)
    assert _scans(nodes) <= INDEXED
    assert _read(nodes) == len(rows) == 1


def test_the_matrix_reads_its_counts_and_nothing_of_the_features():
    nodes, rows = _analysed(MATRIX.format(published=PUBLISHED), audience_params(Audience.FULL))
    members = Country.objects.filter(is_member=True).count()
    assert _partitions(nodes) == []
    assert rows
    assert _read(nodes) <= members * (members - 1) * _layers()  # the whole table is the answer: ≤ one per layer


@pytest.mark.parametrize(("origin", "target"), [("KGZ", "UZB"), ("KGZ", "KGZ"), ("TJK", "AFG"), ("KAZ", "RUS")])
def test_a_cell_is_read_by_the_cell_index_and_only_its_own_rows(origin, target):
    params = {"origin": origin, "target": target, "limit": 500, **audience_params(Audience.PUBLIC)}
    nodes, rows = _analysed(CELL.format(published=PUBLISHED), params)
    assert _partitions(nodes) == []
    assert _scans(nodes) <= INDEXED
    assert rows
    assert _read(nodes) <= CellFeature.objects.filter(origin=origin, target=target).count()


@pytest.mark.parametrize("iso3", [None, "KGZ"])
def test_coverage_can_be_read_by_the_country_index_one_row_per_layer_and_country(iso3):
    """The region's coverage counts fit in two pages, which PostgreSQL rightly reads whole (0.1 ms): with
    sequential scans priced out, the country index serves the read and no row beyond the answer is read."""
    members = [iso3] if iso3 else list(Country.objects.filter(is_member=True).values_list("iso3", flat=True))
    nodes, rows = _analysed(COVERAGE, {"members": members, **audience_params(Audience.PUBLIC)}, seqscan=False)
    assert _partitions(nodes) == []
    assert _scans(nodes) <= INDEXED
    assert _read(nodes) <= len(rows) + _loops(nodes)  # rows per loop are rounded


def test_the_plans_have_no_parallel_or_sequential_scan_of_a_feature_partition():
    sql, params = unit_sql(SHARED, *_unit("KGZ", None))
    nodes = plan_nodes(sql, {**params, **audience_params(Audience.PUBLIC)})
    assert [n for n in nodes if n["Node Type"] == "Seq Scan" and n.get("Relation Name") in READ_MODELS] == []
    assert _partitions(nodes) == []
