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
