"""What a change of one layer's access does at once to the stored results of the public audience, inside the
transaction that changes it (hazards.services.layers.layer_access_set), so no reader meets a public output derived
from a layer that has just become restricted — not even until the queued recomputation commits.

    levels     the public audience's levels of the layer's hazard type are recomputed by their rule over the layers
               the public sees now (seconds: one rule, one audience, evidence included). The seismic model takes
               about ten seconds: made restricted, a seismic layer's public levels are removed instead until the
               recomputation writes them again; made public, the old ones stay until then (nothing hidden shows)
    exposure   made restricted: the layer's public rows are deleted, and the public per-type totals of its hazard
               type (all of them for the places layer), which cannot be told apart per layer, until the
               recomputation writes them again; made public: nothing new is shown before the recomputation
    read models  (passports' shared hazards and events, the matrix, its cells, coverage: hazards.analysis
               .readmodels) nothing to do: their rows are per layer version and every read joins them to the layer's
               access as it is now (hazards.analysis.audience.PUBLISHED_ROWS), so the layer leaves (or rejoins) the
               public's passports with this transaction
The rows of the full audience never change with access (it reads every layer). The service queues the whole
analysis; a recomputation that was already running when the access changed does not commit its results
(hazards.analysis.service.analysis_recompute checks the access it started from, under the same lock)."""

from hazards.models import AreaLevel, Audience, Exposure, ExposureTotal, Layer

from .levels import levels_refresh, levels_refresh_is_quick

PUBLIC = {"audience": Audience.PUBLIC}


def public_results_refresh(*, layer: Layer) -> None:
    """Bring the public audience's stored levels and exposure in line with `layer`'s access as just set."""
    restricted = layer.access == Layer.Access.RESTRICTED
    if levels_refresh_is_quick(layer.hazard_type.code):
        levels_refresh(hazard=layer.hazard_type.code, audience=Audience.PUBLIC)
    elif restricted:
        AreaLevel.objects.filter(hazard_type_id=layer.hazard_type_id, **PUBLIC).delete()
    if restricted:
        _exposure_withdraw(layer)


def _exposure_withdraw(layer: Layer) -> None:
    if layer.role == Layer.Role.POPULATION:  # the places themselves: every public count used them
        Exposure.objects.filter(**PUBLIC).delete()
        ExposureTotal.objects.filter(**PUBLIC).delete()
        return
    Exposure.objects.filter(layer=layer, **PUBLIC).delete()
    ExposureTotal.objects.filter(hazard_type_id=layer.hazard_type_id, **PUBLIC).delete()
