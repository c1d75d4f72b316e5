"""Reading a CAP feed of another system: Atom (RFC 4287, as the OASIS CAP feeds note and the WMO register use it)
or RSS 2.0 (as many national systems and aggregators publish CAP). Each entry links to a CAP document — Atom: the
link typed application/cap+xml, else the alternate one; RSS: the enclosure typed application/cap+xml, else the
item's link — or embeds the CAP alert itself.

The feed is untrusted XML: parsed with lxml without DTD, entities or network (alerts.validation.parse_safely), the
same parser as the inbox — feedparser would add a dependency and its own lenient parsing for nothing a feed of
CAP needs."""

from dataclasses import dataclass
from urllib.parse import urljoin

from lxml import etree

from .cap import CONTENT_TYPE
from .legacy import NAMESPACES
from .validation import parse_safely

ATOM = "{http://www.w3.org/2005/Atom}"
DC_DATE = "{http://purl.org/dc/elements/1.1/}date"
CAP_ALERTS = tuple(f"{{{namespace}}}alert" for namespace in NAMESPACES)


class FeedError(Exception):
    """The feed or one of its messages could not be fetched or read."""


@dataclass(frozen=True)
class FeedEntry:
    """One entry: its id and updated time as the feed gives them (what tells a changed entry), the CAP document's
    URL, and the document's bytes when the entry embeds it (None: fetch the URL)."""

    id: str
    updated: str
    url: str
    embedded: bytes | None = None


def _embedded(entry: etree._Element) -> bytes | None:
    alert = next(entry.iter(*CAP_ALERTS), None)
    return None if alert is None else etree.tostring(alert, encoding="UTF-8", xml_declaration=True)


def _atom_link(entry: etree._Element, base: str) -> str | None:
    links = entry.findall(ATOM + "link")
    cap = [link for link in links if link.get("type", "").startswith(CONTENT_TYPE)] or \
        [link for link in links if link.get("rel", "alternate") == "alternate"]
    href = cap[0].get("href") if cap else None
    return urljoin(base, href.strip()) if href else None


def _rss_link(item: etree._Element, base: str) -> str | None:
    enclosures = [e for e in item.findall("enclosure") if e.get("type", "").startswith(CONTENT_TYPE) and e.get("url")]
    href = enclosures[0].get("url") if enclosures else item.findtext("link")
    return urljoin(base, href.strip()) if href and href.strip() else None


def _entry(entry_id: str | None, updated: str | None, url: str | None, embedded: bytes | None,
           base: str) -> FeedEntry | None:
    if url is None and embedded is None:
        return None
    entry_id = (entry_id or url or "").strip()
    url = url or f"{base}#{entry_id}"
    return FeedEntry(id=entry_id or url, updated=(updated or "").strip(), url=url, embedded=embedded)


def _atom(root: etree._Element, base: str) -> list[FeedEntry | None]:
    return [_entry(entry.findtext(ATOM + "id"), entry.findtext(ATOM + "updated"), _atom_link(entry, base),
                   _embedded(entry), base) for entry in root.iter(ATOM + "entry")]


def _rss(root: etree._Element, base: str) -> list[FeedEntry | None]:
    return [_entry(item.findtext("guid"), item.findtext("pubDate") or item.findtext(DC_DATE) or
                   item.findtext(ATOM + "updated"), _rss_link(item, base), _embedded(item), base)
            for item in root.iter("item")]


def feed_entries(body: bytes, base: str) -> list[FeedEntry]:
    """The entries of an Atom or RSS 2.0 feed that link to (or embed) a CAP message, in the feed's order."""
    try:
        root = parse_safely(body)
    except ValueError as exc:
        raise FeedError(str(exc)) from None
    if root.tag == ATOM + "feed":
        entries = _atom(root, base)
    elif root.tag == "rss" and root.find("channel") is not None:
        entries = _rss(root, base)
    else:
        raise FeedError("neither an Atom nor an RSS 2.0 feed")
    return [entry for entry in entries if entry is not None]
