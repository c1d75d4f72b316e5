"""The access-checked layer lookup of every serving request (features, items, tiles, downloads), cached per process.

An entry is the Layer — with its hazard type, owner and published version — that one readable set (hazards.access:
public, every layer, public + one country's own) found under a slug. Before an entry is used, one indexed query on
the connection the request reads from fetches the row versions (xmin, ctid) of the layer, its published version,
its hazard type and its owner country. Any change to any of those rows in any process — a publish, a rollback, a
reclassification, a change of access or owner, any edit — writes a new row version, so the entry is refetched
at the next request; a publish committed elsewhere is never missed and an old layer is never served.

Nothing hidden is cached: a miss runs the access-filtered query (hazards.selectors.layers_visible), and a slug that
this readable set may not read is not stored, so a restricted layer stays 404 through the policy every time."""

import copy
import threading

from django.db import connections, router

from .access import readable_key
from .models import Layer
from .selectors import layers_visible

MAX_ENTRIES = 2048
# One indexed probe (hazards_layer.slug is unique) and three primary-key joins; xmin alone would repeat for two
# updates made by one transaction, the tuple's ctid never does.
STATE_SQL = """
    SELECT concat_ws(',', l.xmin, l.ctid, v.xmin, v.ctid, h.xmin, h.ctid, o.xmin, o.ctid)
    FROM hazards_layer l
    JOIN hazards_hazardtype h ON h.id = l.hazard_type_id
    LEFT JOIN hazards_layerversion v ON v.id = l.published_version_id
    LEFT JOIN hazards_country o ON o.id = l.owner_id
    WHERE l.slug = %s"""

_entries: dict[tuple[str, str], tuple[str, Layer]] = {}
_lock = threading.Lock()


def _state(alias: str, slug: str) -> str | None:
    with connections[alias].cursor() as cursor:
        cursor.execute(STATE_SQL, [slug])
        row = cursor.fetchone()
    return row[0] if row else None


def layer_visible_get(user, slug: str) -> Layer | None:
    """The published layer `slug` if `user` may read it, else None — as layers_visible(user).filter(slug=slug),
    answered from this process's cache when the layer's rows have not changed since. Each call gets its own copy."""
    alias = router.db_for_read(Layer)
    key = (slug, readable_key(user))
    state = _state(alias, slug)
    if state is None:
        return None
    cached = _entries.get(key)
    if cached is not None and cached[0] == state:
        return copy.copy(cached[1])
    # Read after the state: the layer stored is at least as new as the state it is filed under.
    layer = layers_visible(user).using(alias).filter(slug=slug).first()
    if layer is not None:
        with _lock:
            if len(_entries) >= MAX_ENTRIES:
                _entries.clear()
            _entries[key] = (state, layer)
        return copy.copy(layer)
    return None


def cache_clear() -> None:
    """Forget every entry (tests, benchmarks)."""
    with _lock:
        _entries.clear()
