"""Recomputing the analysis: per-feature reach, levels per area, exposure — of the whole region, or of what the
layers changed since the last run touch (hazards.analysis.scope). One transaction; readers see the previous results
until it commits. Deterministic: the same layers give the same rows, whether computed in part or as a whole, so a
queued job whose inputs have not changed since the last run (load_region computed it already, two publications
queued one job) does nothing."""

import dataclasses
import time

from django.db import connection, transaction

from hazards.models import AnalysisRun, HazardType, Layer

from .exposure import exposure_compute
from .features import features_analyse
from .levels import levels_compute
from .readmodels import readmodels_refresh
from .scope import (
    AnalysisScope,
    inputs_key,
    inputs_snapshot,
    scope_since_last_run,
    versions_mark_current,
    versions_not_current,
)
from .search_entries import search_refresh


def analysis_inputs_key() -> str:
    """A checksum of everything the analysis reads besides the features themselves (which are immutable per
    version): the published versions and each layer's role, attributes, access and classification, the hazard
    types' distances and the rivers' topology."""
    return inputs_key(inputs_snapshot())


INPUTS_LOCK = 7_236_519_001  # pg_advisory_xact_lock key: access changes vs. the commit of a recomputation


def analysis_inputs_lock() -> None:
    """Take, until the transaction ends, the lock that orders access changes (hazards.services.layers
    .layer_access_set) and the commit of a recomputation: neither sees the other half done."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [INPUTS_LOCK])


def _access_key() -> list:
    return list(Layer.objects.order_by("pk").values_list("pk", "access"))


def analysis_is_current() -> bool:
    """True when the last completed run saw exactly the inputs the atlas has now and no stored result was changed
    since outside a run (hazards.analysis.scope.scope_layer_pending)."""
    last = AnalysisRun.objects.first()
    return last is not None and last.inputs_key == analysis_inputs_key() and not last.inputs.get("pending")


def _published_versions(layers: frozenset[int] | None = None) -> list[int]:
    """The published versions of the analysed vector layers (of `layers`: ids)."""
    published = Layer.objects.filter(published_version__isnull=False, kind=Layer.Kind.VECTOR).exclude(
        hazard_type__code=HazardType.CONTEXT)
    if layers is not None:
        published = published.filter(pk__in=layers)
    return sorted(published.values_list("published_version_id", flat=True))


def _scope(snapshot: dict, *, layers: list[int] | None, whole: bool) -> AnalysisScope | None:
    scope = None if whole else scope_since_last_run(snapshot, layers=layers)
    if scope is None:
        return None
    return dataclasses.replace(scope, versions=frozenset(versions_not_current(
        snapshot, _published_versions(scope.layers))))


def _readmodel_versions(scope: AnalysisScope) -> list[int]:
    """The versions whose read models a scoped run replaces: those whose per-feature analysis it redid, and the
    published version of every changed layer (a new label attribute or classification changes a version's rows
    without changing its reach)."""
    return sorted(scope.versions | set(_published_versions(scope.layers)))


@transaction.atomic
def analysis_recompute(*, layers: list[int] | None = None, whole: bool = False) -> dict:
    """Recompute from the published vector hazard layers what changed since the last run (the scope, see
    hazards.analysis.scope; `layers` are ids the caller knows changed), or everything when `whole` or when the
    scope is the whole region; returns seconds per stage. When a layer's access changed while it ran, nothing is
    stored (`{"stale": True}`): the change queued the next run, and results computed with the old access must not
    reach the public even for a moment."""
    timings: dict = {}
    started = time.perf_counter()
    snapshot, access = inputs_snapshot(), _access_key()
    scope = _scope(snapshot, layers=layers, whole=whole)
    versions = _published_versions() if scope is None else sorted(scope.versions)
    features_analyse(versions, timings)
    versions_mark_current(snapshot, versions)
    levels_compute(timings, hazard_types=scope and scope.hazard_types)
    exposure_compute(timings, hazard_types=scope and scope.exposure_types)
    readmodels_refresh(versions=None if scope is None else _readmodel_versions(scope), timings=timings)
    search_refresh(timings=timings)
    analysis_inputs_lock()
    if _access_key() != access:
        transaction.set_rollback(True)
        return {"stale": True}
    timings["total"] = time.perf_counter() - started
    AnalysisRun.objects.create(inputs_key=inputs_key(snapshot), inputs=snapshot, timings=timings)
    AnalysisRun.objects.filter(pk__in=AnalysisRun.objects.values_list("pk", flat=True)[20:]).delete()
    return timings
