"""Pulling the CAP feeds of other systems: each active ExternalFeed (the admin's list, seeded from
CAP_EXTERNAL_FEEDS) is read with a conditional GET (If-None-Match / If-Modified-Since). The feed is Atom or RSS 2.0
(alerts.feed_reading); each entry not seen before links to a CAP message (or embeds one), which is fetched and takes
the inbox's path (alerts.inbox.message_ingest: signature where the feed's focal point pins a certificate, the
sender checked against the feed's focal point, validation, dedup on sender,identifier,sent, chains, unknown
references flagged, refusals kept). The new messages are ingested oldest `sent` first, whatever the feed's order
(feeds list the newest first), and a message that arrives after one naming it still resolves it
(alerts.references). A feed that is down records its error and waits for the next poll."""

import urllib.error
import urllib.request
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from hazards.errors import DomainError

from .feed_reading import FeedEntry, FeedError, feed_entries
from .inbox import message_ingest
from .legacy import message_sent
from .models import ExternalFeed, RejectedMessage
from .validation import parse_safely

USER_AGENT = "hazards-atlas-cap/1"
__all__ = ["FeedError", "feed_entries", "feed_poll", "feeds_poll", "feeds_seed"]


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


def _documents(entries: list[FeedEntry]) -> tuple[dict[str, str], list[tuple[str, bytes]]]:
    """The entries' CAP documents, fetched (or embedded): (what could not be fetched, by URL; the others as
    (URL, bytes) oldest `sent` first — a document whose time cannot be read goes last, for the inbox to judge)."""
    unreachable, documents = {}, []
    for entry in entries:
        if entry.embedded is not None:
            documents.append((entry.url, entry.embedded))
            continue
        try:
            documents.append((entry.url, _fetch(entry.url)[2]))
        except FeedError as exc:
            unreachable[entry.url] = f"unreachable: {exc}"
    return unreachable, sorted(documents, key=lambda document: _sent_key(document[1]))


def _sent_key(data: bytes) -> tuple[bool, float]:
    try:
        sent = message_sent(parse_safely(data))
    except ValueError:
        sent = None
    return (sent is None, sent.timestamp() if sent else 0.0)


def _ingest(feed: ExternalFeed, url: str, data: bytes) -> str:
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
    results: dict[str, str] = {}
    if status != 304:
        seen = feed.entries or {}
        results, documents = _documents([entry for entry in entries if seen.get(entry.id) != entry.updated])
        results |= {url: _ingest(feed, url, data) for url, data in documents}
        failed = {url for url, result in results.items() if result.startswith("unreachable")}
        feed.entries = {entry.id: entry.updated for entry in entries if entry.url not in failed}
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
