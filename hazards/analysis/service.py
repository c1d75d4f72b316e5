"""Recomputing the whole analysis: per-feature reach, levels per area, exposure. One transaction; readers see
the previous results until it commits. Deterministic: the same layers give the same rows, so a queued job
whose inputs have not changed since the last run (load_region computed it already, two publications queued
one job) does nothing."""

import hashlib
import json
import time

from django.db import transaction

from hazards.models import AnalysisRun, HazardType, Layer, River

from .exposure import exposure_compute
from .features import features_analyse
from .levels import levels_compute


def analysis_inputs_key() -> str:
    """A checksum of everything the analysis reads besides the features themselves (which are immutable per
    version): the published versions and each layer's role, attributes, access and classification, and the
    hazard types' distances."""
    layers = Layer.objects.filter(published_version__isnull=False).order_by("pk").values_list(
        "pk", "published_version_id", "kind", "hazard_type_id", "role", "label_field", "population_field",
        "river_field", "magnitude_field", "depth_field", "access", "classification", "river_hazard")
    types = HazardType.objects.order_by("pk").values_list("pk", "code", "influence_km", "river_snap_km",
                                                                  "flood_reach_km")
    rivers = River.objects.order_by("code").values_list("code", "flows_into", "countries", "joins_at")
    text = json.dumps([list(layers), list(types), list(rivers)], sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def analysis_is_current() -> bool:
    """True when the last completed run saw exactly the inputs the atlas has now."""
    last = AnalysisRun.objects.first()
    return last is not None and last.inputs_key == analysis_inputs_key()


@transaction.atomic
def analysis_recompute() -> dict:
    """Recompute everything from the published vector hazard layers; returns seconds per stage."""
    timings: dict = {}
    started = time.perf_counter()
    key = analysis_inputs_key()
    versions = list(Layer.objects.filter(published_version__isnull=False, kind=Layer.Kind.VECTOR)
                    .exclude(hazard_type__code=HazardType.CONTEXT).values_list("published_version_id", flat=True))
    features_analyse(versions, timings)
    levels_compute(timings)
    exposure_compute(timings)
    timings["total"] = time.perf_counter() - started
    AnalysisRun.objects.create(inputs_key=key, timings=timings)
    AnalysisRun.objects.filter(pk__in=AnalysisRun.objects.values_list("pk", flat=True)[20:]).delete()
    return timings
