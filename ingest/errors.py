"""The one exception ingest raises for bad input: the domain's error with a code for programs and a message for
people — an English msgid with %(name)s placeholders, translated when it is shown (in the uploader's language,
not the worker's), never quoting a server path or a driver's raw message."""

from django.utils.translation import gettext

from hazards.errors import DomainError


class IngestError(DomainError):
    """Bad input. `code` is stable (API clients match on it); `message` (marked with gettext_noop) says what to
    fix, filled from `params`; `extra` adds machine-readable keys (the layers or members to choose from)."""

    def __init__(self, code: str, message: str, *, params: dict | None = None, **extra):
        self.message, self.params = message, params or {}
        super().__init__(code, message % self.params, **extra)

    def as_dict(self) -> dict:
        return {"error": self.code, "detail": gettext(self.message) % self.params, "message": self.message,
                "params": self.params, **self.extra}


def error_text(error: dict) -> str:
    """The human text of a stored error in the active language (older rows carry only their detail)."""
    if "message" in error:
        return gettext(error["message"]) % error.get("params", {})
    return error.get("detail", "")
