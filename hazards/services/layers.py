"""Writing layers: create from metadata, publish (the one path), roll back, re-map hazard levels, change access,
mark official or provisional, delete, history.

Every change of what readers see goes through `layer_publish`, `layer_classify`, `layer_access_set` or
`layer_official_set`: each records the history event and queues the analysis once the transaction commits."""

import contextlib

from django.contrib.auth.models import User
from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from procrastinate.exceptions import AlreadyEnqueued

from hazards.analysis.access_change import public_results_refresh
from hazards.analysis.scope import scope_layer_pending
from hazards.analysis.search_entries import search_entries_ensure
from hazards.analysis.service import analysis_inputs_lock
from hazards.classification import classification_validate, level_sql
from hazards.errors import Conflict, DomainError
from hazards.jobs import job_defer
from hazards.models import Country, HazardType, Layer, LayerEvent, LayerVersion

from .events import event_record
from .media import versions_media_delete
from .official import layer_official_on_publish, official_refuse, official_status_store

RESERVED_SLUGS = {"countries", "admin-areas"}  # tile URLs of the base boundaries


def slug_for(title_en: str, title_ru: str) -> str:
    """A free identifier from the English (else transliterated Russian) title."""
    base = slugify(title_en) or slugify(title_ru.lower().translate(TRANSLIT)) or "layer"
    base = base[:90]
    slug, n = base, 2
    while slug in RESERVED_SLUGS or Layer.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


TRANSLIT = str.maketrans({
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z", "и": "i",
    "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
    "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "",
    "э": "e", "ю": "yu", "я": "ya", "ә": "a", "ғ": "g", "қ": "q", "ң": "n", "ө": "o", "ұ": "u", "ү": "u",
    "һ": "h", "і": "i",
})


def layer_create(*, metadata: dict, kind: str) -> Layer:
    """A new layer from validated metadata (hazard type code, owner ISO3 or None, titles, licence …)."""
    values = dict(metadata)
    values["hazard_type"] = HazardType.objects.get(code=values.pop("hazard_type"))
    owner = values.pop("country", None)
    values["owner"] = Country.objects.get(iso3=owner) if owner else None
    values["slug"] = values.get("slug") or slug_for(values.get("title_en", ""), values["title_ru"])
    classification_validate(values.get("classification") or {})
    return Layer.objects.create(kind=kind, **values)


def analysis_schedule(*, layer_id: int) -> None:
    """Queue a recomputation of the analysis of what layer `layer_id` touches once the current transaction commits
    (hazards.tasks.recompute_analysis, queued by name). When one is queued already, it is that one: it recomputes
    everything changed since the last run, this layer too (hazards.analysis.scope), whatever its arguments name."""
    def defer() -> None:
        # A savepoint of its own: a refused insert must not abort a transaction the callback runs in.
        with contextlib.suppress(AlreadyEnqueued), transaction.atomic():
            job_defer("recompute_analysis", layers=[layer_id])

    transaction.on_commit(defer)


def _pointer_switch(layer: Layer, version: LayerVersion) -> Layer:
    if version.layer_id != layer.pk:
        raise DomainError("wrong_layer", f"version {version.number} does not belong to layer {layer.slug}")
    if version.status not in (LayerVersion.Status.READY, LayerVersion.Status.PUBLISHED):
        raise Conflict("not_ready", f"version {version.number} is {version.status} and cannot be published")
    layer = Layer.objects.select_for_update().get(pk=layer.pk)
    if layer.kind == Layer.Kind.VECTOR:
        search_entries_ensure(layer, version)  # search reads published versions: the entries are written once
    previous = layer.published_version
    if previous and previous.pk != version.pk:
        LayerVersion.objects.filter(pk=previous.pk).update(status=LayerVersion.Status.READY)
    LayerVersion.objects.filter(pk=version.pk).update(status=LayerVersion.Status.PUBLISHED,
                                                      published_at=timezone.now())
    layer.published_version = version
    layer.save(update_fields=["published_version", "updated_at"])
    version.refresh_from_db()
    return layer


@transaction.atomic
def layer_publish(*, layer: Layer, version: LayerVersion, user: User | None = None,
                  action: str = LayerEvent.Action.PUBLISHED, detail: str = "") -> Layer:
    """The one publish path (uploads, load_region, rollback): make `version` what every reader sees (one
    pointer switch under a lock on the layer), record the history event and queue the analysis."""
    layer = _pointer_switch(layer, version)
    event_record(layer=layer, action=action, user=user, version=version, detail=detail)
    layer_official_on_publish(layer=layer, version=version, user=user)  # hazards.services.official
    analysis_schedule(layer_id=layer.pk)
    return layer


@transaction.atomic
def layer_rollback(*, layer: Layer, user: User | None = None) -> Layer:
    """Publish the newest ready version older than the published one; Conflict when there is none."""
    current = layer.published_version
    previous = layer.versions.filter(
        status=LayerVersion.Status.READY, number__lt=current.number if current else 0
    ).order_by("-number").first()
    if previous is None:
        raise Conflict("no_earlier_version", "there is no earlier version to roll back to")
    return layer_publish(layer=layer, version=previous, user=user, action=LayerEvent.Action.ROLLED_BACK,
                         detail=f"from version {current.number}" if current else "")


@transaction.atomic
def layer_classify(*, layer: Layer, classification: dict, user: User | None = None) -> Layer:
    """Store a new hazard level mapping, re-apply it to every version of the layer (in SQL), record it and
    queue the analysis (levels and passports follow the new mapping)."""
    classification_validate(classification)
    layer.classification = classification
    layer.save(update_fields=["classification", "updated_at"])
    level, params = level_sql(classification)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE hazards_feature SET hazard_level = {level} "
            "WHERE version_id IN (SELECT id FROM hazards_layerversion WHERE layer_id = %s)",
            [*params, layer.pk],
        )
    event_record(layer=layer, action=LayerEvent.Action.RECLASSIFIED, user=user, detail=str(classification))
    if layer.published_version_id:
        analysis_schedule(layer_id=layer.pk)
    return layer


@transaction.atomic
def layer_access_set(*, layer: Layer, access: str, user: User | None = None) -> Layer:
    """The only way a layer's access changes (admin, API): in one transaction, switch it, bring the public
    audience's stored levels and exposure in line at once (hazards.analysis.access_change), record the history
    event and queue the whole analysis. Every derived output is right for its audience when this returns; the
    layer's `updated_at` moves, so its ETags and shared-cache keys change. DomainError for an unknown access."""
    if access not in Layer.Access.values:
        raise DomainError("invalid_access", _("access must be one of %(values)s")
                          % {"values": ", ".join(Layer.Access.values)})
    analysis_inputs_lock()  # a recomputation that started before this commits first, or not at all
    layer = Layer.objects.select_for_update().select_related("hazard_type").get(pk=layer.pk)
    previous = layer.access
    if previous == access:
        return layer
    layer.access = access
    layer.save(update_fields=["access", "updated_at"])
    event_record(layer=layer, action=LayerEvent.Action.ACCESS_CHANGED, user=user, detail=f"{previous} → {access}")
    if layer.published_version_id:
        public_results_refresh(layer=layer)
        scope_layer_pending(layer_id=layer.pk)  # even if the access is back to what the last run saw
        analysis_schedule(layer_id=layer.pk)
    return layer


@transaction.atomic
def layer_official_set(*, layer: Layer, official: bool, user: User | None) -> Layer:
    """Mark `layer` official (it enters the regional outputs) or provisional (it leaves them): Forbidden unless
    `user` may (hazards.access.can_mark_official); recorded in the history with who and when; the analysis is
    queued when the layer is published. Marking it as it already is changes nothing."""
    official_refuse(user)
    analysis_inputs_lock()  # ordered with a recomputation's commit, as access changes are
    layer = Layer.objects.select_for_update(of=("self",)).select_related("owner").get(pk=layer.pk)
    changed = official_status_store(layer=layer, official=official, user=user, version=layer.published_version)
    if changed and layer.published_version_id:
        analysis_schedule(layer_id=layer.pk)
    return layer


@transaction.atomic
def layer_delete(*, layer: Layer, user: User | None = None) -> int:
    """Delete a layer with every version, feature and derived row, in one transaction; each version's partitions
    are dropped before its row goes (hazards.signals), never row by row through Django's collector. Its history
    stays (LayerEvent keeps the slug and title; the link to the layer is emptied), with a last event saying who
    deleted it and the checksum of the version that was published.
    When readers saw the layer (it was published) the analysis is queued after the commit, so levels, exposure
    and passports forget it. Returns how many features went."""
    layer = Layer.objects.select_for_update().get(pk=layer.pk)
    was_published = layer.published_version_id is not None
    event_record(layer=layer, action=LayerEvent.Action.LAYER_DELETED, user=user, version=layer.published_version,
                 detail=f"{layer.versions.count()} versions")
    versions = list(layer.versions.only("pk", "raster_path", "feature_count"))
    deleted = sum(v.feature_count for v in versions)
    versions_media_delete(versions)  # their COGs and download files, once this commits
    layer_id = layer.pk
    layer.delete()
    if was_published:
        analysis_schedule(layer_id=layer_id)
    return deleted
