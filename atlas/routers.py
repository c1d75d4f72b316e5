"""Read replica routing (DATABASE_REPLICA_URL; docs/scaling.md).

A request may read from the replica only when all of these hold: it is a GET or HEAD of a serving path
(REPLICA_READ_PATHS: features, items, tiles, feeds), it has not written anything yet, it is not inside a
transaction on the primary, and its client did not write in the last REPLICA_PIN_SECONDS (a cookie set on the
response of any request that wrote). Everything else — writes, publishing, upload status, management commands,
the workers — reads and writes the primary. The serving code asks Django's router which connection to read
from (`serving.db.read_connection`), so its raw SQL follows the same rule as the ORM."""

import re
from contextvars import ContextVar
from dataclasses import dataclass
from functools import cache

from django.conf import settings
from django.db import connections

PRIMARY = "default"
REPLICA = "replica"
PIN_COOKIE = "atlas_primary"


@dataclass
class RequestReads:
    replica_ok: bool = False
    wrote: bool = False


_reads: ContextVar[RequestReads | None] = ContextVar("atlas_request_reads", default=None)


@cache
def _serving_paths(patterns: tuple[str, ...]) -> re.Pattern:
    return re.compile("|".join(f"(?:{p})" for p in patterns))


def replica_allowed(request) -> bool:
    """True when this request's reads may go to the replica (before it writes anything)."""
    return (request.method in ("GET", "HEAD") and PIN_COOKIE not in request.COOKIES
            and bool(_serving_paths(tuple(settings.REPLICA_READ_PATHS)).match(request.path_info)))


class ReplicaReadsMiddleware:
    """Marks the request (a context variable, reset afterwards) for the router; pins a client that wrote to the
    primary for a while."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        state = RequestReads(replica_ok=replica_allowed(request))
        token = _reads.set(state)
        try:
            response = self.get_response(request)
        finally:
            _reads.reset(token)
        if state.wrote:
            response.set_cookie(PIN_COOKIE, "1", max_age=settings.REPLICA_PIN_SECONDS, httponly=True,
                                samesite="Lax", secure=settings.SESSION_COOKIE_SECURE)
        return response


def note_write() -> None:
    """Every later read of this request goes to the primary."""
    if (state := _reads.get()) is not None:
        state.wrote = True


class ReplicaRouter:
    """Serving reads to the replica, everything else to the primary (see the module's docstring)."""

    def db_for_read(self, model, **hints):
        instance = hints.get("instance")
        if instance is not None and instance._state.db:
            return instance._state.db
        state = _reads.get()
        if state is None or not state.replica_ok or state.wrote or connections[PRIMARY].in_atomic_block:
            return PRIMARY
        return REPLICA

    def db_for_write(self, model, **hints):
        note_write()
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == PRIMARY
