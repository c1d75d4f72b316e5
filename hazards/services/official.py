"""Official and provisional layers: only official layers enter the regional outputs (levels, evidence, exposure, the
matrix, its cells, coverage, passports, the decade chart, alert reach: hazards.analysis.audience and the analysis's
published-features view). A layer is provisional until the regional centre marks it official, or until it is
published while its owner country is trusted.

    marking      `layer_official_set`: the permission hazards.mark_official (regional administrators); recorded
                 in the history with who and when; queues the analysis. The read models follow at once (every read
                 joins them to the layer's status as it is now), levels and exposure when the queued run commits
    publication  `layer_official_on_publish`, called by the one publish path: a trusted owner makes the layer
                 official; a publication by a regional administrator or by the system (load_region) keeps the
                 status; a new version published by anyone else of a layer whose owner is not trusted makes it
                 provisional again: the centre confirmed the data it saw, not the next upload"""

from django.contrib.auth.models import User
from django.utils.translation import gettext as _

from hazards.access import can_mark_official
from hazards.errors import Forbidden
from hazards.models import Layer, LayerEvent, LayerVersion

from .events import event_record

ACTION = {True: LayerEvent.Action.MARKED_OFFICIAL, False: LayerEvent.Action.MARKED_PROVISIONAL}


def official_status_store(*, layer: Layer, official: bool, user: User | None, detail: str = "",
                          version: LayerVersion | None = None) -> bool:
    """Store `official` on `layer` (already locked by the caller) and record the event when it changes; returns
    whether it changed. No permission check, no queueing: the callers do both."""
    if layer.official == official:
        return False
    layer.official = official
    layer.save(update_fields=["official", "updated_at"])
    event_record(layer=layer, action=ACTION[official], user=user, version=version, detail=detail)
    return True


def layer_official_on_publish(*, layer: Layer, version: LayerVersion, user: User | None) -> None:
    """Apply the publication rule to `layer` (locked, its new `version` just published by `user`)."""
    owner = layer.owner
    if owner is not None and owner.trusted:
        official_status_store(layer=layer, official=True, user=user, version=version,
                              detail="the owner country is trusted")
    elif user is not None and not can_mark_official(user):
        official_status_store(layer=layer, official=False, user=user, version=version,
                              detail=f"version {version.number} awaits the regional centre's confirmation")


def official_refuse(user: User | None) -> None:
    """Forbidden (translated) unless `user` may mark layers official or provisional."""
    if not can_mark_official(user):
        raise Forbidden("not_regional_admin",
                        _("only the regional centre's administrators may mark a layer official or provisional"))
