"""The history of a layer: one LayerEvent per upload, publication, rollback, reclassification, change of access or
status, failure or deletion, written by the services that do these. Each event keeps the layer's slug and title and
the version's number as they were, so it still says what it was about once the layer is deleted."""

from django.contrib.auth.models import User

from hazards.models import Layer, LayerEvent, LayerVersion


def event_record(*, layer: Layer, action: str, user: User | None = None,
                 version: LayerVersion | None = None, detail: str = "") -> LayerEvent:
    """Record that `user` (None: the system) did `action` to `layer` (and `version`, whose file's checksum the event
    keeps), with a free-text `detail`."""
    return LayerEvent.objects.create(
        layer=layer, layer_slug=layer.slug, layer_title=layer.title_ru or layer.title_en, version=version,
        version_number=version.number if version else None, action=action, user=user,
        checksum=version.source_checksum if version else "", detail=detail)
