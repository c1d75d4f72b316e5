"""Is a CAP message acceptable? The OASIS CAP 1.2 XSD (vendored in alerts/schema with its notice) and the profile:
the rules the XSD cannot check. Outgoing messages must pass both (`cap_errors`, before they leave); incoming ones
are refused only by the XSD (`xsd_errors`), their profile failures (`profile_errors`) kept as warnings: intake is
tolerant, output strict. Each reason is one a person can act on."""

import functools
import re
from pathlib import Path

from django.utils.translation import gettext as _
from lxml import etree
from shapely.geometry import LinearRing, Polygon

from hazards.errors import DomainError

from .cap import CAP, cap_time_parse

SCHEMA = Path(__file__).parent / "schema" / "CAP-v1.2.xsd"
FORBIDDEN_ID = re.compile(r"[\s,<&]")
HTML = re.compile(r"<\s*/?\s*[a-zA-Z][^>]*>|&[a-zA-Z]+;|&#\d+;")
SAME_ACROSS_LANGUAGES = ("category", "eventCode", "urgency", "severity", "certainty", "effective", "onset",
                         "expires")
TEXT_FIELDS = ("event", "headline", "description", "instruction", "senderName", "areaDesc")
NEEDS_REFERENCES = ("Update", "Cancel", "Ack", "Error")


@functools.cache
def cap_schema() -> etree.XMLSchema:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    return etree.XMLSchema(etree.parse(str(SCHEMA), parser))


def parse_safely(data: bytes) -> etree._Element:
    """Parse untrusted XML: no DTD, no entities, no network, no huge trees. Raises ValueError with the reason."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
                             huge_tree=False, remove_pis=True)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise ValueError(_("not well-formed XML: %(error)s") % {"error": exc}) from None
    if root.getroottree().docinfo.doctype:
        raise ValueError(_("a document type declaration (DTD) is not accepted"))
    return root


def xsd_errors(root: etree._Element) -> list[str]:
    """Every reason the OASIS CAP 1.2 XSD gives for refusing the message (none when it is valid CAP 1.2)."""
    schema = cap_schema()
    if schema.validate(root):
        return []
    return [f"line {error.line}: {error.message}" for error in schema.error_log]


def _text(element: etree._Element, name: str) -> str:
    found = element.find(CAP + name)
    return (found.text or "").strip() if found is not None else ""


def _header_errors(root: etree._Element, require_references: bool = True) -> list[str]:
    errors = []
    identifier, sender = _text(root, "identifier"), _text(root, "sender")
    for name, value in (("identifier", identifier), ("sender", sender)):
        if FORBIDDEN_ID.search(value):
            errors.append(_("%(name)s must not contain spaces, commas, < or &") % {"name": name})
    scope, msg_type = _text(root, "scope"), _text(root, "msgType")
    if root.find(CAP + "restriction") is not None and scope != "Restricted":
        errors.append(_("restriction is only allowed with scope Restricted"))
    if scope == "Restricted" and not _text(root, "restriction"):
        errors.append(_("scope Restricted needs a restriction"))
    if scope == "Private" and not _text(root, "addresses"):
        errors.append(_("scope Private needs addresses"))
    references = _text(root, "references")
    if msg_type in NEEDS_REFERENCES and not references and require_references:
        errors.append(_("a message of type %(type)s must reference earlier messages") % {"type": msg_type})
    return errors + _references_errors(references, sender, identifier)


def _references_errors(references: str, sender: str, identifier: str) -> list[str]:
    errors = []
    for triple in references.split():
        parts = triple.split(",")
        if len(parts) != 3 or not all(parts):
            errors.append(_("reference %(ref)r is not a sender,identifier,sent triple") % {"ref": triple})
            continue
        if parts[0] == sender and parts[1] == identifier:
            errors.append(_("a message must not reference itself"))
        try:
            cap_time_parse(parts[2])
        except DomainError:
            errors.append(_("reference %(ref)r has no valid sent time") % {"ref": triple})
    return errors


def _info_errors(info: etree._Element) -> list[str]:
    errors = []
    times = {name: _text(info, name) for name in ("effective", "onset", "expires")}
    if times["expires"]:
        expires = cap_time_parse(times["expires"])
        for name in ("effective", "onset"):
            if times[name] and cap_time_parse(times[name]) >= expires:
                errors.append(_("expires must be after %(name)s") % {"name": name})
    for element in info.iter(*(CAP + name for name in TEXT_FIELDS)):
        if element.text and HTML.search(element.text):
            errors.append(_("%(name)s must be plain text, not HTML") % {"name": etree.QName(element).localname})
    for area in info.findall(CAP + "area"):
        errors += _area_errors(area)
    return errors


def _signature(info: etree._Element) -> tuple[tuple[bytes, ...], ...]:
    return tuple(tuple(sorted(etree.tostring(e, method="c14n") for e in info.findall(CAP + name)))
                 for name in SAME_ACROSS_LANGUAGES)


def _infos_errors(root: etree._Element) -> list[str]:
    infos = root.findall(CAP + "info")
    errors = []
    languages = [_text(info, "language") or "en-US" for info in infos]
    if len(set(languages)) != len(languages):
        errors.append(_("each info must have its own language"))
    if len({_signature(info) for info in infos}) > 1:
        errors.append(_("translations must share category, event code, urgency, severity, certainty and times"))
    for info in infos:
        errors += _info_errors(info)
    return sorted(set(errors), key=errors.index)


def polygon_errors(text: str) -> list[str]:
    """The reasons a CAP polygon text (`lat,lon lat,lon …`) is unacceptable."""
    try:
        pairs = [tuple(float(v) for v in pair.split(",")) for pair in text.split()]
    except ValueError:
        return [_("a polygon must be lat,lon pairs separated by spaces")]
    if any(len(pair) != 2 for pair in pairs):
        return [_("a polygon must be lat,lon pairs separated by spaces")]
    errors = []
    if len(pairs) < 4:
        errors.append(_("a polygon needs at least four coordinate pairs"))
    if pairs and pairs[0] != pairs[-1]:
        errors.append(_("a polygon must be closed (its first and last pairs equal)"))
    if any(not (-90 <= lat <= 90 and -180 <= lon <= 180) for lat, lon in pairs):
        errors.append(_("polygon coordinates out of range"))
    if not errors and not (LinearRing([(lon, lat) for lat, lon in pairs]).is_simple
                           and Polygon([(lon, lat) for lat, lon in pairs]).is_valid):
        errors.append(_("a polygon must not intersect itself"))
    return errors


def _circle_errors(text: str) -> list[str]:
    try:
        centre, radius = text.split()
        lat, lon = (float(v) for v in centre.split(","))
        valid = -90 <= lat <= 90 and -180 <= lon <= 180 and float(radius) >= 0
    except ValueError:
        valid = False
    return [] if valid else [_("a circle must be 'lat,lon radius' with coordinates in range")]


def _area_errors(area: etree._Element) -> list[str]:
    errors = []
    for polygon in area.findall(CAP + "polygon"):
        errors += polygon_errors(polygon.text or "")
    for circle in area.findall(CAP + "circle"):
        errors += _circle_errors(circle.text or "")
    if area.find(CAP + "ceiling") is not None and area.find(CAP + "altitude") is None:
        errors.append(_("ceiling is only allowed with altitude"))
    return errors


def profile_errors(root: etree._Element, *, require_references: bool = True) -> list[str]:
    """Every rule of the atlas's profile an XSD-valid message breaks (what the XSD cannot check)."""
    return _header_errors(root, require_references) + _infos_errors(root)


def cap_errors(root: etree._Element, *, require_references: bool = True) -> list[str]:
    """Every reason the message is not acceptable CAP 1.2: the XSD first, then the rules it cannot check.
    `require_references=False` only for the inbox's Error replies to a message that could not be read."""
    errors = xsd_errors(root)
    if errors:
        return errors
    return profile_errors(root, require_references=require_references)
