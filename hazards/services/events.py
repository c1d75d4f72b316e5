"""The history of a layer: one LayerEvent per upload, publication, rollback, reclassification, change of access,
failure or deletion, written by the services that do these."""

from django.contrib.auth.models import User

from hazards.models import Layer, LayerEvent, LayerVersion


def event_record(*, layer: Layer, action: str, user: User | None = None,
                 version: LayerVersion | None = None, detail: str = "") -> LayerEvent:
    """Record that `user` (None: the system) did `action` to `layer` (and `version`, whose file's checksum the event
    keeps), with a free-text `detail`."""
    return LayerEvent.objects.create(layer=layer, version=version, action=action, user=user,
                                     checksum=version.source_checksum if version else "", detail=detail)
