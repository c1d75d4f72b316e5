"""Recomputing the whole analysis: per-feature reach, levels per area, exposure. One transaction; readers see
the previous results until it commits. Deterministic: the same layers give the same rows."""

import time

from django.db import transaction

from hazards.models import Layer

from .exposure import exposure_compute
from .features import features_analyse
from .levels import levels_compute


@transaction.atomic
def analysis_recompute() -> dict:
    """Recompute everything from the published vector hazard layers; returns seconds per stage."""
    timings: dict = {}
    started = time.perf_counter()
    versions = list(Layer.objects.filter(published_version__isnull=False, kind=Layer.Kind.VECTOR)
                    .exclude(hazard_type__code="context").values_list("published_version_id", flat=True))
    features_analyse(versions, timings)
    levels_compute(timings)
    exposure_compute(timings)
    timings["total"] = time.perf_counter() - started
    return timings
