"""The one exception ingest raises for bad input: the domain's error with a code for programs and a message
for people."""

from hazards.errors import DomainError


class IngestError(DomainError):
    """Bad input. `code` is stable (API clients match on it); `detail` says what to fix."""
