"""Pulling the CAP feeds of other systems: each active ExternalFeed (the admin's list, seeded from
CAP_EXTERNAL_FEEDS) is read with a conditional GET (If-None-Match / If-Modified-Since); each Atom entry not seen
before links to a CAP message, which is fetched and takes the inbox's path (alerts.inbox.message_ingest:
signature where the feed's focal point pins a certificate, validation, dedup on sender,identifier,sent, chains,
unknown references flagged, refusals kept). A feed that is down records its error and waits for the next poll.

The Atom is untrusted XML: parsed with lxml without DTD, entities or network (alerts.validation.parse_safely),
the same parser as the inbox — feedparser would add a dependency and its own lenient parsing for nothing an
Atom feed of CAP needs."""

import urllib.error
import urllib.request
from urllib.parse import urljoin, urlsplit

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from hazards.errors import DomainError

from .cap import CONTENT_TYPE
from .inbox import message_ingest
from .models import ExternalFeed, RejectedMessage
from .validation import parse_safely

ATOM = "{http://www.w3.org/2005/Atom}"
USER_AGENT = "hazards-atlas-cap/1"


class FeedError(Exception):
    """The feed or one of its messages could not be fetched or read."""


def feeds_seed() -> list[ExternalFeed]:
    """Make sure every URL of CAP_EXTERNAL_FEEDS has its ExternalFeed (the admin links each to a focal point)."""
    return [ExternalFeed.objects.get_or_create(url=url)[0] for url in settings.CAP_EXTERNAL_FEEDS]


def _fetch(url: str, headers: dict | None = None) -> tuple[int, dict, bytes]:
    if urlsplit(url).scheme not in ("http", "https"):
        raise FeedError(f"only http and https addresses are fetched: {url}")
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=settings.CAP_FEED_TIMEOUT) as response:
            body = response.read(settings.CAP_FEED_MAX_BYTES + 1)
            status, received = response.status, dict(response.headers)
    except urllib.error.HTTPError as exc:
        if exc.code == 304:
            return 304, dict(exc.headers), b""
        raise FeedError(f"{url} answered {exc.code}") from None
    except (OSError, ValueError) as exc:
        raise FeedError(f"{url}: {exc}") from None
    if len(body) > settings.CAP_FEED_MAX_BYTES:
        raise FeedError(f"{url} is larger than {settings.CAP_FEED_MAX_BYTES} bytes")
    return status, received, body


def _cap_link(entry, base: str) -> str | None:
    links = entry.findall(ATOM + "link")
    cap = [link for link in links if link.get("type", "").startswith(CONTENT_TYPE)] or \
        [link for link in links if link.get("rel", "alternate") == "alternate"]
    href = cap[0].get("href") if cap else None
    return urljoin(base, href.strip()) if href else None


def feed_entries(body: bytes, base: str) -> list[tuple[str, str, str]]:
    """(entry id, updated, CAP URL) of each entry of an Atom feed, in the feed's order."""
    try:
        root = parse_safely(body)
    except ValueError as exc:
        raise FeedError(str(exc)) from None
    if root.tag != ATOM + "feed":
        raise FeedError("not an Atom feed")
    entries = []
    for entry in root.iter(ATOM + "entry"):
        url = _cap_link(entry, base)
        if url:
            entry_id = (entry.findtext(ATOM + "id") or url).strip()
            entries.append((entry_id, (entry.findtext(ATOM + "updated") or "").strip(), url))
    return entries


def _ingest(feed: ExternalFeed, url: str) -> str:
    try:
        _status, _headers, data = _fetch(url)
    except FeedError as exc:
        return f"unreachable: {exc}"
    try:
        return message_ingest(data=data, focal_point=feed.focal_point, source=RejectedMessage.Source.FEED,
                              url=url)["result"]
    except DomainError as exc:
        return f"rejected: {exc.code}"


def feed_poll(feed: ExternalFeed) -> dict:
    """Poll one feed; returns {"status": 200|304|"error", "results": {CAP URL: what became of it}}."""
    conditional = {name: value for name, value in (("If-None-Match", feed.etag),
                                                   ("If-Modified-Since", feed.last_modified)) if value}
    feed.last_polled_at = timezone.now()
    try:
        status, headers, body = _fetch(feed.url, conditional)
        entries = feed_entries(body, feed.url) if status != 304 else []
    except FeedError as exc:
        feed.last_error = str(exc)[:2000]
        feed.save(update_fields=["last_polled_at", "last_error"])
        return {"status": "error", "error": feed.last_error, "results": {}}
    results = {}
    if status != 304:
        seen = feed.entries or {}
        results = {url: _ingest(feed, url) for entry_id, updated, url in entries if seen.get(entry_id) != updated}
        failed = {url for url, result in results.items() if result.startswith("unreachable")}
        feed.entries = {entry_id: updated for entry_id, updated, url in entries if url not in failed}
        # a message that could not be fetched is tried again at the next poll: no validators, a full read
        feed.etag, feed.last_modified = ("", "") if failed else (headers.get("ETag", ""),
                                                                  headers.get("Last-Modified", ""))
    feed.last_ok_at, feed.last_error = feed.last_polled_at, ""
    feed.save()
    return {"status": status, "results": results}


def feeds_poll() -> dict:
    """Poll every active external feed once (seeding CAP_EXTERNAL_FEEDS first); feeds another worker is polling
    are skipped. Returns each feed's outcome by URL."""
    feeds_seed()
    outcomes = {}
    for pk in ExternalFeed.objects.filter(active=True).values_list("pk", flat=True):
        with transaction.atomic():
            feed = (ExternalFeed.objects.select_for_update(skip_locked=True, of=("self",))
                    .select_related("focal_point").filter(pk=pk).first())
            if feed is not None:
                outcomes[feed.url] = feed_poll(feed)
    return outcomes
