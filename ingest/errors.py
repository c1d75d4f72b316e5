"""The one exception ingest raises for bad input: a code for programs and a message for people."""


class IngestError(Exception):
    """Bad input. `code` is stable (API clients match on it); `detail` says what to fix."""

    def __init__(self, code: str, detail: str, **extra):
        super().__init__(detail)
        self.code = code
        self.detail = detail
        self.extra = extra

    def as_dict(self) -> dict:
        return {"error": self.code, "detail": str(self.detail), **self.extra}
