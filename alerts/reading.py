"""Reading a received CAP message: tolerant intake, refusals only for what is unsafe, unauthenticated or not CAP.

Refused (DomainError with `reasons`): XML that is not well-formed or carries a DTD or entities; a message not
signed as its focal point's pinned certificate requires; anything the OASIS CAP 1.2 XSD refuses (after an older
CAP is converted, alerts.legacy); a value longer than the atlas keeps. Taken in with warnings: whatever breaks only
the atlas's profile (alerts.validation.profile_errors) — an empty `<restriction/>`, two infos in one language,
Private without addresses… — and the conversion from CAP 1.1 or 1.0. The warnings are written in every language of
the atlas, so each reader sees them in theirs."""

from dataclasses import dataclass, field
from typing import NoReturn

from django.utils.translation import gettext as _
from django.utils.translation import override
from lxml import etree

from hazards.errors import DomainError

from .cap import CAP
from .legacy import Note, legacy_convert
from .models import FocalPoint
from .signing import verified_root
from .validation import parse_safely, profile_errors, xsd_errors

LANGUAGES = ("ru", "en", "kk")
# What the atlas keeps of a header (alerts.models.Alert's columns): a longer value is refused, never cut.
LONGEST = {"identifier": 200, "sender": 200, "restriction": 500, "incidents": 500, "code": 100}


@dataclass
class Reading:
    """A received message read as CAP 1.2: `root` (converted when it came as 1.1 or 1.0) and the notes of the
    conversion."""

    root: etree._Element
    notes: list[Note] = field(default_factory=list)

    def warnings(self) -> list[str]:
        """What the message breaks of the profile, and how it was converted, in the active language."""
        return [note() for note in self.notes] + profile_errors(self.root)

    def warnings_translated(self) -> list[dict[str, str]]:
        """Each warning in every language of the atlas: [{"ru": …, "en": …, "kk": …}, …]."""
        written = {}
        for language in LANGUAGES:
            with override(language):
                written[language] = self.warnings()
        return [dict(zip(LANGUAGES, texts, strict=True)) for texts in zip(*written.values(), strict=True)]


def _refuse(code: str, detail: str, reasons: list[str]) -> NoReturn:
    raise DomainError(code, detail, reasons=reasons)


def _length_errors(root: etree._Element) -> list[str]:
    errors = []
    for name, longest in LONGEST.items():
        if any(len(element.text or "") > longest for element in root.findall(CAP + name)):
            errors.append(_("%(name)s is longer than %(n)s characters") % {"name": name, "n": longest})
    return errors


def message_read(data: bytes, focal_point: FocalPoint | None) -> Reading:
    """The message as CAP 1.2, once it is safe XML, signed as its focal point requires and valid against the XSD
    (converted first when it is CAP 1.1 or 1.0); else the DomainError that refuses it (with `reasons`)."""
    try:
        root = parse_safely(data)
    except ValueError as exc:
        _refuse("invalid_xml", str(exc), [str(exc)])
    if focal_point is not None and focal_point.certificate.strip():
        root = verified_root(data, root, focal_point.certificate, focal_point.address)
    root, notes = legacy_convert(root)
    errors = xsd_errors(root) or _length_errors(root)
    if errors:
        _refuse("invalid_cap", _("the message is not valid CAP 1.2: %(reasons)s") % {"reasons": "; ".join(errors)},
                errors)
    return Reading(root=root, notes=notes)

