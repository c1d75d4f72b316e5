"""The one error type the domain raises for a request it refuses. It knows nothing of HTTP: the web layer
maps `kind` to a status (invalid → 400, unauthorized → 401, forbidden → 403, not_found → 404, conflict → 409)."""


class DomainError(Exception):
    """A refused request: `code` is stable (clients match on it), `detail` says what to fix."""

    kind = "invalid"
    reply: bytes | None = None  # the CAP Error answering a refused inbox submission (alerts.rejections sets it)

    def __init__(self, code: str, detail, **extra):
        super().__init__(str(detail))
        self.code = code
        self.detail = detail
        self.extra = extra

    def as_dict(self) -> dict:
        return {"error": self.code, "detail": str(self.detail), **self.extra}


class NotFound(DomainError):
    """The thing asked for does not exist (or the reader may not know that it does)."""

    kind = "not_found"


class Conflict(DomainError):
    """The request is well formed but the current state forbids it (nothing to roll back to, …)."""

    kind = "conflict"


class Forbidden(DomainError):
    """The user may see the thing but not do this to it (issue for another country, cancel another's alert)."""

    kind = "forbidden"


class Unauthorized(DomainError):
    """The credentials sent are known but may not be used (an expired or revoked API token)."""

    kind = "unauthorized"
