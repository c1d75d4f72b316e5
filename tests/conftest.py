"""Test set-up: a real PostGIS test database, migrated, with the whole region loaded once per session."""

from pathlib import Path

import pytest
from django.core.management import call_command

from hazards.models import HazardType, Layer

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The region's real data, loaded once into the test database before any test runs."""
    with django_db_blocker.unblock():
        call_command("load_region", verbosity=0)


@pytest.fixture
def data_dir() -> Path:
    return DATA


@pytest.fixture
def scratch_layer(db) -> Layer:
    """An empty layer for ingest tests (rolled back with the test)."""
    return Layer.objects.create(slug="test-scratch", title_ru="Тестовый слой", title_en="Test layer",
                                hazard_type=HazardType.objects.get(code="flood"))


def _user(username, role, country=None):
    from hazards.services.users import user_set_role

    return user_set_role(username=username, role=role, country=country, password="pw-atlas-1")[0]


@pytest.fixture
def kaz_editor(db):
    return _user("kaz_editor", "editor", "KAZ")


@pytest.fixture
def kgz_editor(db):
    return _user("kgz_editor", "editor", "KGZ")


@pytest.fixture
def analyst(db):
    return _user("analyst", "analyst")


@pytest.fixture
def regional_admin(db):
    return _user("regional_admin", "admin")
