"""The one registry of what an API token's scope covers: which paths need which scope. The token middleware
(web.middleware) asks it for every request that carries a token, on every surface."""

import re

from accounts.scopes import Scope

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
NO_TOKEN = ""  # paths only a signed-in browser uses (the admin): no scope opens them

# (path pattern, the scope of that surface); the first match wins. A safe request (GET, HEAD) is allowed with
# `read` or the surface's own scope; anything else only with the surface's own scope; a path that matches no
# rule takes no write by token at all.
RULES: list[tuple[re.Pattern, str]] = [
    (re.compile(r"^/admin/"), NO_TOKEN),
    (re.compile(r"^/cap/inbox/"), Scope.ALERTS),
    (re.compile(r"^/api/v1/(alerts|focal-points|notifications)/"), Scope.ALERTS),
    (re.compile(r"^/alerts/"), Scope.ALERTS),
    (re.compile(r"^/api/v1/(layers|uploads)/"), Scope.UPLOAD),
    (re.compile(r"^/upload/"), Scope.UPLOAD),
]


def surface_scope(path: str) -> str | None:
    """The scope of the surface `path` belongs to: a Scope value, NO_TOKEN, or None for the rest."""
    return next((scope for pattern, scope in RULES if pattern.match(path)), None)


def scopes_accepted(*, method: str, path: str) -> frozenset[str]:
    """The scopes of which a token needs one to make this request (empty: no token may)."""
    own = surface_scope(path)
    if own == NO_TOKEN:
        return frozenset()
    mine = frozenset({str(own)}) if own else frozenset()
    return mine | {str(Scope.READ)} if method in SAFE_METHODS else mine
