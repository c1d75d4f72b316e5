"""CAP 1.1 and 1.0 read as CAP 1.2: the tree of an older message is converted (the inbox keeps the bytes as they
came) and then validated like any CAP 1.2 message. What changed is noted, to be kept as the message's warnings.

The differences converted (OASIS CAP 1.1 and 1.0, each spec's "changes from the previous version"):
- the namespace: urn:oasis:names:tc:emergency:cap:1.1 and http://www.incident.com/cap/1.0 become 1.2's;
- times: 1.0 and 1.1 take any xs:dateTime; 1.2 only `YYYY-MM-DDThh:mm:ss±hh:mm`, so `Z` becomes `-00:00` and
  fractions of a second are dropped (a time without a zone stays as it is: the XSD refuses it);
- certainty "Very Likely" (1.0, deprecated in 1.1, gone in 1.2) becomes "Likely", as 1.1 says to read it;
- 1.0's `password` is dropped (removed in 1.1: a password in a message is no authentication);
- 1.0's eventCode, parameter and geocode are `valueName=value` strings; 1.1 and 1.2 write the pair as elements;
- a resource without `mimeType` (optional before 1.2) gets application/octet-stream."""

from collections.abc import Callable
from datetime import datetime

from django.utils.translation import gettext as _
from lxml import etree

from .cap import CAP, NS, cap_time

CAP_11 = "urn:oasis:names:tc:emergency:cap:1.1"
CAP_10 = "http://www.incident.com/cap/1.0"
VERSIONS = {CAP_11: "1.1", CAP_10: "1.0"}
NAMESPACES = (NS, CAP_11, CAP_10)
TIMES = ("sent", "effective", "onset", "expires")
PAIRS = ("eventCode", "parameter", "geocode")

Note = Callable[[], str]  # a warning, written in the language active when it is called


def cap_version(root: etree._Element) -> str | None:
    """"1.2", "1.1" or "1.0" for the root of a CAP alert of that version, else None."""
    namespace = etree.QName(root).namespace
    if etree.QName(root).localname != "alert" or namespace not in NAMESPACES:
        return None
    return VERSIONS.get(namespace, "1.2")


def _renamed(root: etree._Element) -> etree._Element:
    for element in root.iter():
        if isinstance(element.tag, str) and etree.QName(element).namespace in VERSIONS:
            element.tag = CAP + etree.QName(element).localname
    etree.cleanup_namespaces(root, top_nsmap={None: NS})
    return etree.fromstring(etree.tostring(root))  # the 1.2 namespace declared on the root, once


def _times(root: etree._Element) -> None:
    for element in root.iter(*(CAP + name for name in TIMES)):
        try:
            value = datetime.fromisoformat((element.text or "").strip())
        except ValueError:
            continue
        if value.tzinfo is not None:
            element.text = cap_time(value.replace(microsecond=0))


def _certainty(root: etree._Element) -> list[Note]:
    changed = [element for element in root.iter(CAP + "certainty") if (element.text or "").strip() == "Very Likely"]
    for element in changed:
        element.text = "Likely"
    return [lambda: _("certainty “Very Likely” read as “Likely”")] if changed else []


def _password(root: etree._Element) -> list[Note]:
    passwords = root.findall(CAP + "password")
    for element in passwords:
        root.remove(element)
    return [lambda: _("the password of CAP 1.0 was dropped")] if passwords else []


def _pairs(root: etree._Element) -> None:
    for element in root.iter(*(CAP + name for name in PAIRS)):
        if len(element):
            continue
        name, _sep, value = (element.text or "").strip().partition("=")
        element.text = None
        etree.SubElement(element, CAP + "valueName").text = name.strip()
        etree.SubElement(element, CAP + "value").text = value.strip()


def _mime_types(root: etree._Element) -> None:
    for resource in root.iter(CAP + "resource"):
        if resource.find(CAP + "mimeType") is None:
            mime = etree.Element(CAP + "mimeType")
            mime.text = "application/octet-stream"
            description = resource.find(CAP + "resourceDesc")
            resource.insert(resource.index(description) + 1 if description is not None else 0, mime)


def legacy_convert(root: etree._Element) -> tuple[etree._Element, list[Note]]:
    """The CAP 1.2 tree of a CAP 1.1 or 1.0 alert `root` (a new tree; `root` is consumed), and the notes of what
    the conversion changed. A 1.2 root is returned as it is, without notes."""
    version = cap_version(root)
    if version in (None, "1.2"):
        return root, []
    converted = _renamed(root)
    _times(converted)
    notes = [lambda: _("converted from CAP %(version)s to CAP 1.2") % {"version": version}]
    notes += _certainty(converted)
    if version == "1.0":
        notes += _password(converted)
        _pairs(converted)
    _mime_types(converted)
    return converted, notes


def message_sent(root: etree._Element) -> datetime | None:
    """The `sent` time of a CAP alert of any version (None when it has none that reads as a time)."""
    for namespace in NAMESPACES:
        if (text := root.findtext(f"{{{namespace}}}sent")) is not None:
            try:
                value = datetime.fromisoformat(text.strip())
            except ValueError:
                return None
            return value if value.tzinfo is not None else None
    return None
