"""CAP 1.2 messages written with lxml, in the element order of the specification.

Times are `YYYY-MM-DDThh:mm:ss±hh:mm` with UTC written `-00:00` and no fractions (the XSD refuses `Z` and
fractional seconds, which `isoformat()` produces). A member's CAP authority is its OID in the WMO Register of
Alerting Authorities, `2.49.0.0.<ISO 3166 numeric>.<n>` (settings.CAP_AUTHORITIES); its messages are identified
under the messages' arc of the same authority, `urn:oid:2.49.0.1.<ISO 3166 numeric>.<n>.<serial>` (WMO/TD No. 1556;
MET Norway: authority 2.49.0.0.578.0, messages 2.49.0.1.578.0.…), with the serial from a database sequence, so two
alerts of the same second differ. The
atlas's answers (CAP Ack and Error) take a random part instead (`reply_identifier_new`): a reply never reveals the
sequence, so a neighbour cannot learn the next serials from it. Our serials live in our own namespace: a received
message keeps its sender's (sender, identifier, sent), so one that carries our future identifier never makes our own
send collide (alerts.models.Alert's constraints)."""

import secrets
from collections.abc import Sequence
from datetime import UTC, datetime

from django.conf import settings
from django.contrib.gis.geos import MultiPolygon, Polygon
from django.db import connection
from lxml import etree

from hazards.errors import DomainError

from .models import Alert, AlertArea, AlertInfo
from .public import alert_page_url, contact_for
from .wording import response_types

NS = "urn:oasis:names:tc:emergency:cap:1.2"
CAP = f"{{{NS}}}"
CONTENT_TYPE = "application/cap+xml"
# ISO 3166-1 numeric codes of the countries that issue alerts from the atlas (the members) and their neighbours.
ISO_NUMERIC = {"KAZ": 398, "KGZ": 417, "TJK": 762, "TKM": 795, "UZB": 860, "AFG": 4, "CHN": 156, "RUS": 643,
               "IRN": 364, "MNG": 496, "AZE": 31, "PAK": 586}


def cap_time(value: datetime) -> str:
    """A CAP time: whole seconds, the offset always written, UTC as -00:00 (never `Z`, never fractions)."""
    if value.tzinfo is None:
        raise ValueError("CAP times must be timezone-aware")
    text = value.strftime("%Y-%m-%dT%H:%M:%S")
    offset = value.utcoffset()
    if not offset:
        return text + "-00:00"
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes > 0 else "-"
    return f"{text}{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def cap_time_parse(text: str) -> datetime:
    """The datetime of a CAP time (aware)."""
    try:
        value = datetime.fromisoformat(text.strip())
    except ValueError:
        raise DomainError("invalid_time", f"{text!r} is not a CAP time (YYYY-MM-DDThh:mm:ss±hh:mm)") from None
    if value.tzinfo is None:
        raise DomainError("invalid_time", f"{text!r} has no time zone offset")
    return value


def now_whole_seconds() -> datetime:
    """Now in UTC without microseconds: what `sent` is stamped with (the stored value equals the written one)."""
    return datetime.now(UTC).replace(microsecond=0)


AUTHORITY_ARC, MESSAGE_ARC = "2.49.0.0.", "2.49.0.1."


def authority_oid(iso3: str) -> str:
    """The register OID of `iso3`'s CAP authority (2.49.0.0.<ISO numeric>.<n>, settings.CAP_AUTHORITIES)."""
    oid = settings.CAP_AUTHORITIES.get(iso3.upper())
    if oid is None:
        raise DomainError("unknown_authority", f"no CAP authority for {iso3}: set it in ATLAS_CAP_AUTHORITIES")
    return oid


def message_arc(iso3: str) -> str:
    """The arc under which `iso3`'s authority identifies its messages: 2.49.0.0.C.N becomes 2.49.0.1.C.N."""
    return MESSAGE_ARC + authority_oid(iso3).removeprefix(AUTHORITY_ARC)


def identifier_new(iso3: str) -> str:
    """A new globally unique identifier for a message of `iso3`'s authority."""
    return f"urn:oid:{message_arc(iso3)}.{_serial()}"


def _serial() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval('alerts_cap_serial')")
        return cursor.fetchone()[0]


# Random parts of the replies' identifiers: 19 digits, never a value the sequence reaches (it would take 10^18
# messages), so a reply and an alert of the same authority never share an identifier.
REPLY_PART_LOW, REPLY_PART_SPAN = 10**18, 9 * 10**18


def _reply_part() -> int:
    return REPLY_PART_LOW + secrets.randbelow(REPLY_PART_SPAN)


def reply_identifier_new(iso3: str | None) -> str:
    """A new identifier of an answer (Ack, Error) of `iso3`'s authority, or of the hub for None: its last arc is
    random (about 63 bits), never a serial of the sequence, so it tells the receiver nothing of our next serials."""
    arc = settings.CAP_HUB_OID if iso3 is None else message_arc(iso3)
    return f"urn:oid:{arc}.{_reply_part()}"


def is_own_sender(sender: str) -> bool:
    """Whether `sender` is one of the atlas's own (an authority's or the hub's, …@CAP_SENDER_DOMAIN)."""
    return sender.lower().endswith(f"@{settings.CAP_SENDER_DOMAIN}".lower())


def sender_for(iso3: str | None) -> str:
    """The CAP sender of a country's authority in the atlas, e.g. kaz@cap.hazards-atlas.example; the hub's own
    (hub@…) for None."""
    return f"{(iso3 or 'hub').lower()}@{settings.CAP_SENDER_DOMAIN}"


def reference_of(alert: Alert) -> str:
    return f"{alert.sender},{alert.identifier},{cap_time(alert.sent_at)}"


def coordinate(value: float) -> str:
    """At most six decimals, no trailing zeros."""
    text = f"{value:.6f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def polygon_texts(geom: Polygon | MultiPolygon | None) -> list[str]:
    """One CAP polygon (`lat,lon` pairs, closed) per polygon's outer ring of a (Multi)Polygon."""
    if geom is None:
        return []
    # A MultiPolygon's parts are all Polygons: the filter only tells the type checker so.
    polygons = [geom] if isinstance(geom, Polygon) else [part for part in geom if isinstance(part, Polygon)]
    texts = []
    for polygon in polygons:
        ring = list(polygon.exterior_ring.coords)
        if ring[0] != ring[-1]:
            ring.append(ring[0])
        texts.append(" ".join(f"{coordinate(lat)},{coordinate(lon)}" for lon, lat in ring))
    return texts


def _add(parent: etree._Element, name: str, text: object = None) -> etree._Element:
    element = etree.SubElement(parent, CAP + name)
    if text is not None:
        element.text = str(text)
    return element


def _optional(parent: etree._Element, name: str, text: object) -> None:
    if text not in (None, ""):
        _add(parent, name, text)


def _pairs(parent: etree._Element, name: str, pairs: list[dict] | None) -> None:
    for pair in pairs or []:
        element = _add(parent, name)
        _add(element, "valueName", pair["valueName"])
        _add(element, "value", pair["value"])


def _info(root: etree._Element, alert: Alert, info: AlertInfo, areas: Sequence[AlertArea]) -> None:
    element = _add(root, "info")
    _add(element, "language", info.language)
    for category in info.category:
        _add(element, "category", category)
    _add(element, "event", info.event)
    for response in response_types(alert.hazard_type.code if alert.hazard_type else None, alert.msg_type):
        _add(element, "responseType", response)
    _add(element, "urgency", info.urgency)
    _add(element, "severity", info.severity)
    _add(element, "certainty", info.certainty)
    _pairs(element, "eventCode", info.event_code)
    for name in ("effective", "onset", "expires"):
        value = getattr(info, name)
        if value is not None:
            _add(element, name, cap_time(value))
    for name, field in (("senderName", "sender_name"), ("headline", "headline"), ("description", "description"),
                        ("instruction", "instruction")):
        _optional(element, name, getattr(info, field))
    # The officer's own link if given, else the message's public page; the issuing country's follow-up contact.
    _optional(element, "web", info.web or (alert_page_url(alert.identifier) if alert.identifier else ""))
    _optional(element, "contact", contact_for(alert.source_country.iso3 if alert.source_country else None))
    _pairs(element, "parameter", info.parameters)
    for area in areas:
        area_element = _add(element, "area")
        _add(area_element, "areaDesc", area.area_desc)
        for text in polygon_texts(area.geom):
            _add(area_element, "polygon", text)
        for circle in area.circles or []:
            _add(area_element, "circle", circle)
        _pairs(area_element, "geocode", area.geocodes)


def header_xml(alert: Alert) -> bytes:
    """A CAP 1.2 document of `alert`'s header only (Ack, Error): `alert` may be unsaved."""
    return etree.tostring(_header(alert), xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _header(alert: Alert) -> etree._Element:
    root = etree.Element(CAP + "alert", nsmap={None: NS})
    _add(root, "identifier", alert.identifier)
    _add(root, "sender", alert.sender)
    _add(root, "sent", cap_time(alert.sent_at))
    _add(root, "status", alert.status)
    _add(root, "msgType", alert.msg_type)
    _add(root, "scope", alert.scope)
    _optional(root, "restriction", alert.restriction)
    _optional(root, "addresses", alert.addresses)
    for code in alert.code:
        _add(root, "code", code)
    _optional(root, "note", alert.note)
    _optional(root, "references", alert.references)
    _optional(root, "incidents", alert.incidents)
    return root


def alert_xml(alert: Alert) -> bytes:
    """The CAP 1.2 document of `alert` (header, infos, areas) as UTF-8 bytes with an XML declaration."""
    root = _header(alert)
    areas = list(alert.areas.all())
    for info in alert.infos.all():
        _info(root, alert, info, areas)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
