"""The search's read model (hazards.models.SearchEntry): what writes a version's entries and when.

A version's entries are written by one SQL function, atlas_search_entries_write (migration 0027), in the caller's
transaction: readers see the old entries until it commits. Besides the features, they read settings of the layer
(SEARCH_INPUTS: the label and population attributes, the role, the classification through the features' levels);
each version records the checksum of those it was written with (LayerVersion.search_key), of the folding
(FOLD_VERSION) and of the names register (hazards.models.RegisterName, whose names the entries carry). The
publish path writes a version's entries when they are missing or were written with other settings, so search
finds a version at once, before the analysis has run, and a rollback to a version whose entries are current is a
pointer switch. The analysis rewrites those of every published version whose layer's settings changed since
(search_refresh)."""

import hashlib
import json
import time

from django.db import connection

from hazards.models import Layer, LayerVersion, RegisterName

SEARCH_INPUTS = ("label_field", "population_field", "role", "classification")
FOLD_VERSION = 2  # atlas_fold's definition (migration 0030): entries folded another way are written again


def register_checksum() -> str:
    """The checksum of the names register as the entries read it."""
    rows = RegisterName.objects.order_by("key").values_list("key", "kind", "name_ru", "name_kk", "name_en", "text")
    return hashlib.sha256(json.dumps(list(rows)).encode()).hexdigest()


def _key(layer: dict, register: str) -> str:
    inputs = [layer[name] for name in SEARCH_INPUTS] + [FOLD_VERSION, register]
    return hashlib.sha256(json.dumps(inputs, sort_keys=True).encode()).hexdigest()


def _write(versions: dict[int, str]) -> None:
    """Write the entries of each version id and record the settings' checksum it was written with."""
    with connection.cursor() as cursor:
        for version, key in versions.items():
            cursor.execute("SELECT atlas_search_entries_write(%s)", [version])
            LayerVersion.objects.filter(pk=version).update(search_key=key)


def search_entries_ensure(layer: Layer, version: LayerVersion) -> None:
    """Make the entries of `version`, about to be published, current for `layer`'s settings."""
    key = _key({name: getattr(layer, name) for name in SEARCH_INPUTS}, register_checksum())
    if LayerVersion.objects.filter(pk=version.pk).values_list("search_key", flat=True).first() != key:
        _write({version.pk: key})


def search_refresh(*, timings: dict | None = None) -> None:
    """Rewrite the entries of every published vector version written with other settings of its layer, another
    folding or another names register than now."""
    started = time.perf_counter()
    register = register_checksum()
    layers = (Layer.objects.filter(kind=Layer.Kind.VECTOR, published_version__isnull=False)
              .values("published_version_id", "published_version__search_key", *SEARCH_INPUTS))
    _write({row["published_version_id"]: key for row in layers
            if (key := _key(row, register)) != row["published_version__search_key"]})
    if timings is not None:
        timings["search"] = time.perf_counter() - started
