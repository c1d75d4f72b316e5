"""Recomputing the whole analysis: per-feature reach, levels per area, exposure. One transaction; readers see
the previous results until it commits. Deterministic: the same layers give the same rows, so a queued job
whose inputs have not changed since the last run (load_region computed it already, two publications queued
one job) does nothing."""

import hashlib
import json
import time

from django.db import connection, transaction

from hazards.models import AnalysisRun, HazardType, Layer, River

from .exposure import exposure_compute
from .features import features_analyse
from .levels import levels_compute
from .readmodels import readmodels_refresh


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


INPUTS_LOCK = 7_236_519_001  # pg_advisory_xact_lock key: access changes vs. the commit of a recomputation


def analysis_inputs_lock() -> None:
    """Take, until the transaction ends, the lock that orders access changes (hazards.services.layers
    .layer_access_set) and the commit of a recomputation: neither sees the other half done."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [INPUTS_LOCK])


def _access_key() -> list:
    return list(Layer.objects.order_by("pk").values_list("pk", "access"))


def analysis_is_current() -> bool:
    """True when the last completed run saw exactly the inputs the atlas has now."""
    last = AnalysisRun.objects.first()
    return last is not None and last.inputs_key == analysis_inputs_key()


@transaction.atomic
def analysis_recompute() -> dict:
    """Recompute everything from the published vector hazard layers; returns seconds per stage. When a layer's
    access changed while it ran, nothing is stored (`{"stale": True}`): the change queued the next run, and
    results computed with the old access must not reach the public even for a moment."""
    timings: dict = {}
    started = time.perf_counter()
    key, access = analysis_inputs_key(), _access_key()
    versions = list(Layer.objects.filter(published_version__isnull=False, kind=Layer.Kind.VECTOR)
                    .exclude(hazard_type__code=HazardType.CONTEXT).values_list("published_version_id", flat=True))
    features_analyse(versions, timings)
    levels_compute(timings)
    exposure_compute(timings)
    readmodels_refresh(versions=None, timings=timings)
    analysis_inputs_lock()
    if _access_key() != access:
        transaction.set_rollback(True)
        return {"stale": True}
    timings["total"] = time.perf_counter() - started
    AnalysisRun.objects.create(inputs_key=key, timings=timings)
    AnalysisRun.objects.filter(pk__in=AnalysisRun.objects.values_list("pk", flat=True)[20:]).delete()
    return timings
