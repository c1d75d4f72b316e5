"""manage.py load_basemap: a database loaded before the base map gets it once; --if-empty leaves a loaded one alone."""

import io

import pytest
from django.core.management import call_command
from django.db import connection

pytestmark = pytest.mark.django_db  # the test's transaction is rolled back: the template's base map stays


def _count(where: str = "true") -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM base_feature WHERE {where}")
        return cursor.fetchone()[0]


def _run(*args: str) -> str:
    out = io.StringIO()
    call_command("load_basemap", *args, stdout=out)
    return out.getvalue()


def test_an_empty_base_map_is_loaded_and_a_loaded_one_is_left_alone():
    loaded = _count()
    assert loaded > 5000  # the template's load_region filled it
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM base_feature")
    assert _run("--if-empty") == f"base map: {loaded} features\n"
    assert _count() == loaded
    assert _count("kind = 'lake' AND name_ru = 'Иссык-Куль'") == 1
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM base_feature WHERE kind = 'place'")
    assert _run("--if-empty") == "base map: already loaded\n"
    assert _count("kind = 'place'") == 0  # left alone: not empty
    assert _run() == f"base map: {loaded} features\n"  # without --if-empty: replaced
