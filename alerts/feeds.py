"""Atom feeds of the public alerts (the regional hub and one per country), written with lxml: each entry's id is
the CAP identifier (unique), its alternate link the full CAP message (application/cap+xml). A feed's version
(for ETag and Last-Modified) is taken from the messages it holds, so an unchanged feed answers 304."""

import hashlib
from collections.abc import Callable
from datetime import UTC, datetime
from typing import NamedTuple

from lxml import etree

from .cap import CONTENT_TYPE, cap_time
from .models import Alert, AlertInfo

ATOM = "http://www.w3.org/2005/Atom"
A = f"{{{ATOM}}}"
MAX_ENTRIES = 500  # keeps a feed well under 900 KB
# The Last-Modified of a feed that has never held a message: a fixed time (the representation has not changed), so a
# client asking If-Modified-Since gets a 304 from an empty feed too (without it, no Last-Modified was sent at all).
FEEDS_BEGAN = datetime(2026, 1, 1, tzinfo=UTC)


class EntryInfo(NamedTuple):
    """What an entry shows of an info."""

    language: str
    event: str
    headline: str
    sender_name: str
    description: str


def _add(parent: etree._Element, name: str, text: str | None = None, **attributes: str | None) -> etree._Element:
    element = etree.SubElement(parent, A + name, {k: v for k, v in attributes.items() if v is not None}
                               if attributes else None)
    if text is not None:
        element.text = text
    return element


def feed_version(alerts: list[Alert], language: str = "", *,
                 changed: datetime | None = None) -> tuple[str, datetime]:
    """(strong ETag, Last-Modified) of a feed holding `alerts`, written in `language` (the body depends on it).
    Last-Modified is the newest `sent`, or `changed` when later: the last time a message left the feed by expiring
    (no new message marks that change, and a client asking If-Modified-Since must see it); FEEDS_BEGAN for a feed
    that never held a message."""
    key = language + "|" + "|".join(f"{alert.pk}:{alert.sha256}" for alert in alerts)
    etag = f'"cap-{hashlib.sha256(key.encode()).hexdigest()[:24]}"'
    times = [alert.sent for alert in alerts if alert.sent] + ([changed] if changed else [])
    return etag, max(times, default=FEEDS_BEGAN)


def _entry_infos(alerts: list[Alert], language: str) -> dict[int, EntryInfo]:
    """Each alert's info in `language` (else its first), read in one query as plain rows: a feed writes hundreds
    of entries, and model instances for their infos cost more than the query."""
    infos: dict[int, EntryInfo] = {}
    rows = AlertInfo.objects.filter(alert_id__in=[alert.pk for alert in alerts]).order_by("alert_id", "id")
    for alert_id, *values in rows.values_list("alert_id", *EntryInfo._fields):
        info = EntryInfo(*values)
        if alert_id not in infos or (info.language == language and infos[alert_id].language != language):
            infos[alert_id] = info
    return infos


def feed_atom(*, alerts: list[Alert], title: str, self_url: str, alert_url: Callable[[Alert], str],
              language: str = "ru") -> bytes:
    """The Atom document of `alerts` (newest first); `alert_url` gives the absolute URL of a message's CAP."""
    root = etree.Element(A + "feed", nsmap={None: ATOM})
    root.set("{http://www.w3.org/XML/1998/namespace}lang", language)
    _add(root, "id", self_url)
    _add(root, "title", title)
    _add(root, "updated", cap_time(feed_version(alerts)[1]))
    _add(root, "link", rel="self", href=self_url, type="application/atom+xml")
    author = _add(root, "author")
    _add(author, "name", title)
    entries = alerts[:MAX_ENTRIES]
    infos = _entry_infos(entries, language)
    for alert in entries:
        info = infos.get(alert.pk)
        entry = _add(root, "entry")
        _add(entry, "id", alert.identifier)
        _add(entry, "title", (info.headline or info.event) if info else alert.identifier)
        sent = cap_time(alert.sent_at)
        _add(entry, "updated", sent)
        _add(entry, "published", sent)
        entry_author = _add(entry, "author")
        _add(entry_author, "name", (info.sender_name if info and info.sender_name else alert.sender))
        _add(entry, "link", rel="alternate", type=CONTENT_TYPE, href=alert_url(alert))
        if info and info.description:
            _add(entry, "summary", info.description[:500])
        _add(entry, "category", term=alert.msg_type)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
