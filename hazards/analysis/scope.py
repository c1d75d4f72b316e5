"""What a recomputation has to redo: the inputs the analysis reads (a snapshot, stored with each completed run) and
the scope between the last run's snapshot and now.

A scope names the layers whose inputs changed (published version, hazard type, role, attributes, access, status,
classification — added and deleted layers included), the hazard types whose levels follow from them and the
versions whose per-feature analysis is not current. None means the whole region: the first run, or a change of
what every result reads (the hazard types' distances, the rivers' topology, a layer with the rivers or population
role). A scope is computed from the stored snapshot, not only from the job's arguments, so two publications whose
jobs collapsed into one queued job (procrastinate's queueing lock) are both in it."""

import hashlib
import json
from dataclasses import dataclass

from hazards.models import AnalysisRun, HazardType, Layer, LayerVersion, River

LAYER_INPUTS = ("published_version_id", "kind", "hazard_type_id", "role", "label_field", "population_field",
                "river_field", "magnitude_field", "depth_field", "access", "classification", "river_hazard", "official")
# What the exposure of a layer reads (its levels read every input above).
EXPOSURE_INPUTS = ("published_version_id", "kind", "hazard_type_id", "role", "access", "river_hazard", "official")
# What the per-feature analysis of a version reads of its layer; the rest is global (REACH_GLOBAL).
REACH_INPUTS = ("hazard_type_id", "river_hazard", "river_field")
# Read by every result (the object register: every river hazard is matched to its objects and may walk downstream
# by them): a change is a whole run.
GLOBAL_ROLES = (Layer.Role.RIVERS, Layer.Role.POPULATION, Layer.Role.OBJECTS)
# Raise it when what the analysis stores changes (a new column, another rule): the stored rows were computed by
# another analysis, so the next run is a whole one and every version is analysed again.
ANALYSIS_VERSION = 3  # 2: flood corridors stored per feature (migration 0026); 3: one walk, same objects (0028)


@dataclass(frozen=True)
class AnalysisScope:
    """The part of the analysis one recomputation redoes; every other stored row is current.

    layers          ids of the layers whose inputs changed (deleted ones included)
    hazard_types    ids of the hazard types whose levels (and read models) are recomputed
    exposure_types  ids of the hazard types whose exposure rows and totals are recomputed (a subset)
    versions        ids of the published versions whose per-feature analysis is recomputed"""

    layers: frozenset[int]
    hazard_types: frozenset[int]
    exposure_types: frozenset[int]
    versions: frozenset[int] = frozenset()


def inputs_snapshot() -> dict:
    """Everything the analysis reads besides the features themselves (immutable per version): each published
    layer's inputs, the hazard types' distances and the rivers' topology, and the version of the analysis itself,
    as JSON-ready data."""
    layers = Layer.objects.filter(published_version__isnull=False).order_by("pk").values("pk", *LAYER_INPUTS)
    types = HazardType.objects.order_by("pk").values_list("pk", "code", "influence_km", "river_snap_km",
                                                          "flood_reach_km")
    rivers = River.objects.order_by("code").values_list("code", "flows_into", "countries", "joins_at", "aliases")
    return json.loads(json.dumps({"analysis": ANALYSIS_VERSION, "layers": {str(row.pop("pk")): row for row in layers},
                                  "types": [list(t) for t in types], "rivers": [list(r) for r in rivers]},
                                 sort_keys=True, default=str))


def inputs_key(snapshot: dict) -> str:
    """The snapshot's checksum (AnalysisRun.inputs_key)."""
    return hashlib.sha256(json.dumps(snapshot, sort_keys=True).encode()).hexdigest()


def scope_since_last_run(snapshot: dict, *, layers: list[int] | None = None) -> AnalysisScope | None:
    """The scope from the last completed run's snapshot to `snapshot`, widened by the `layers` the caller knows
    changed; None when the whole region must be recomputed."""
    last = AnalysisRun.objects.only("inputs").first()
    before = last.inputs if last else {}
    if not before.get("layers") and not before.get("types"):
        return None
    if any(before.get(name) != snapshot[name] for name in ("analysis", "types", "rivers")):
        return None
    old, new = before["layers"], snapshot["layers"]
    named = {str(pk) for pk in [*(layers or ()), *before.get("pending", ())]} & (old.keys() | new.keys())
    changed = named | {key for key in old.keys() | new.keys() if old.get(key) != new.get(key)}
    rows = [row for key in changed for row in (old.get(key), new.get(key)) if row]
    if any(row["role"] in GLOBAL_ROLES for row in rows):
        return None
    exposure = [row for key in changed for row in _exposure_changed(old, new, key, named=key in named)]
    return AnalysisScope(layers=frozenset(int(key) for key in changed), hazard_types=_types(rows),
                         exposure_types=_types(exposure))


def _exposure_changed(old: dict, new: dict, key: str, *, named: bool) -> list[dict]:
    before, after = old.get(key), new.get(key)
    same = before and after and all(before[name] == after[name] for name in EXPOSURE_INPUTS)
    return [] if same and not named else [row for row in (before, after) if row]


def scope_layer_pending(*, layer_id: int) -> None:
    """Record with the last completed run that stored results of layer `layer_id` were changed outside a run (an
    access change withdrew its public rows at once): the next run recomputes what the layer touches, and is not
    skipped as current, even if the layer's inputs are back to what that run saw."""
    last = AnalysisRun.objects.first()
    if last is None:
        return
    pending = sorted({*last.inputs.get("pending", ()), layer_id})
    AnalysisRun.objects.filter(pk=last.pk).update(inputs={**last.inputs, "pending": pending})


def _types(rows: list[dict]) -> frozenset[int]:
    types = {row["hazard_type_id"] for row in rows}
    if any(row["role"] == Layer.Role.EARTHQUAKES for row in rows):  # the seismic model reads the catalogue
        types.add(HazardType.objects.get(code=HazardType.SEISMIC).pk)
    return frozenset(types)


def reach_keys(snapshot: dict) -> dict[int, str]:
    """Per published version: the checksum of what its per-feature analysis reads (its layer's hazard type and
    river attributes, the hazard types' distances, the rivers' topology, the rivers layers)."""
    shared = [snapshot["analysis"], snapshot["types"], snapshot["rivers"],
              sorted([row["published_version_id"], row["label_field"]] for row in snapshot["layers"].values()
                     if row["role"] == Layer.Role.RIVERS)]
    return {row["published_version_id"]: inputs_key({"shared": shared, **{name: row[name] for name in REACH_INPUTS}})
            for row in snapshot["layers"].values()}


def versions_not_current(snapshot: dict, versions: list[int]) -> list[int]:
    """Those of `versions` whose stored per-feature analysis was computed from other inputs than now."""
    keys = reach_keys(snapshot)
    stored = dict(LayerVersion.objects.filter(pk__in=versions).values_list("pk", "analysis_key"))
    return sorted(v for v in versions if stored.get(v) != keys.get(v))


def versions_mark_current(snapshot: dict, versions: list[int]) -> None:
    """Record that `versions` were just analysed from the inputs of `snapshot`."""
    keys = reach_keys(snapshot)
    for version in versions:
        LayerVersion.objects.filter(pk=version).update(analysis_key=keys[version])
