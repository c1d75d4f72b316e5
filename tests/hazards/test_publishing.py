"""One publish path: every way of changing what readers see (upload, load_region, rollback, reclassification)
records a history event and queues the analysis once the transaction commits."""

import dataclasses

import pytest
from django.db import connection

from hazards.errors import Conflict
from hazards.models import Layer, LayerEvent
from hazards.services.layers import layer_classify, layer_rollback
from region.catalogue import LAYERS
from region.loader import layer_load

from ..conftest import queued_analyses

pytestmark = pytest.mark.django_db


def actions(layer: Layer) -> list[str]:
    return list(layer.events.order_by("id").values_list("action", flat=True))


def test_load_region_rollback_and_reclassification_each_leave_an_event_and_a_queued_analysis(
        no_queued_analysis, django_capture_on_commit_callbacks):
    spec = next(s for s in LAYERS if s.slug == "context-plate-boundaries")
    layer = Layer.objects.get(slug=spec.slug)
    before = layer.events.count()
    # A changed filter makes load_region ingest and publish a new version of the layer.
    narrower = dataclasses.replace(spec, where="PlateB = 'IN'")
    with django_capture_on_commit_callbacks(execute=True):
        assert layer_load(narrower) is True
    layer.refresh_from_db()
    assert layer.events.count() == before + 1
    assert layer.events.first().action == LayerEvent.Action.PUBLISHED
    assert layer.events.first().user is None
    assert queued_analyses() == 1

    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM procrastinate_jobs WHERE task_name = 'recompute_analysis'")
    with django_capture_on_commit_callbacks(execute=True):
        layer = layer_rollback(layer=layer)
    assert layer.events.first().action == LayerEvent.Action.ROLLED_BACK
    assert queued_analyses() == 1

    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM procrastinate_jobs WHERE task_name = 'recompute_analysis'")
    with django_capture_on_commit_callbacks(execute=True):
        layer_classify(layer=layer, classification={"level": "low"})
    assert layer.events.first().action == LayerEvent.Action.RECLASSIFIED
    assert queued_analyses() == 1


def test_rolling_back_with_nothing_earlier_is_a_conflict_of_the_domain(scratch_layer):
    with pytest.raises(Conflict) as refused:
        layer_rollback(layer=scratch_layer)
    assert refused.value.code == "no_earlier_version"


def test_a_queued_analysis_knows_when_nothing_changed_since_the_last_run(scratch_layer):
    from hazards.analysis.service import analysis_is_current
    from hazards.models import AnalysisRun

    assert AnalysisRun.objects.exists()  # load_region computed it during the session set-up
    assert analysis_is_current()
    Layer.objects.filter(slug="context-plate-boundaries").update(access=Layer.Access.RESTRICTED)
    assert not analysis_is_current()
