import json

import pytest
from django.db import connection

from hazards.classification import classification_validate, level_sql, year_sql
from hazards.errors import DomainError
from hazards.models import HazardLevel

RANGES = {"field": "m", "ranges": [[7, "high"], [6, "medium"], [5, "low"], [None, "very_low"]]}


def evaluate(sql_params, properties: dict):
    sql, params = sql_params
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {sql} FROM (SELECT %s::jsonb AS properties) t",
                       [*params, json.dumps(properties)])
        return cursor.fetchone()[0]


@pytest.mark.django_db
@pytest.mark.parametrize(("value", "level"), [
    (7.0, HazardLevel.HIGH), (8.3, HazardLevel.HIGH), (6.99, HazardLevel.MEDIUM), ("6.0", HazardLevel.MEDIUM),
    (5, HazardLevel.LOW), (1.5, HazardLevel.VERY_LOW), (None, None), ("unknown", None),
])
def test_ranges_classify_numbers_and_numeric_text(value, level):
    assert evaluate(level_sql(RANGES), {"m": value}) == level


@pytest.mark.django_db
def test_values_and_constant_levels():
    by_value = {"field": "t", "values": {"Nuclear Explosion": "high", "Explosion": "low"}}
    assert evaluate(level_sql(by_value), {"t": "Nuclear Explosion"}) == HazardLevel.HIGH
    assert evaluate(level_sql(by_value), {"t": "Earthquake"}) is None
    assert evaluate(level_sql({"level": "medium"}), {}) == HazardLevel.MEDIUM
    assert evaluate(level_sql({}), {"m": 9}) is None


@pytest.mark.django_db
@pytest.mark.parametrize(("value", "year"), [
    (-2000, -2000), ("1877.0", 1877), (1911, 1911), ("2010-08-06T00:00", 2010), ("1965-02-02T15:56:51Z", 1965),
    ("8/6/2010 0:00", 2010), (None, None), ("soon", None),
])
def test_year_from_numbers_iso_and_us_dates(value, year):
    assert evaluate(year_sql("y"), {"y": value}) == year


@pytest.mark.parametrize("bad", [
    {"field": "m", "ranges": [[5, "low"], [7, "high"]]},
    {"field": "m", "ranges": [[7, "extreme"]]},
    {"ranges": [[7, "high"]]},
    {"field": "m"},
    {"level": "catastrophic"},
])
def test_invalid_classifications_are_rejected_with_a_reason(bad):
    with pytest.raises(DomainError, match="invalid classification"):
        classification_validate(bad)
