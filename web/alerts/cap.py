"""The CAP surfaces: Atom feeds, one message's exact bytes, the inbox of the neighbours' systems and the
acknowledgement link of the e-mails."""

import threading
from collections import OrderedDict

from django.conf import settings
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import get_language, override
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from alerts.areamap import area_png
from alerts.cap import CONTENT_TYPE
from alerts.feeds import feed_atom, feed_version
from alerts.inbox import inbox_receive
from alerts.mail import language_of, map_link, notice_for
from alerts.models import Alert
from alerts.notify import ack_token_delivery
from alerts.selectors import alert_by_identifier, public_feed_alerts, public_feed_last_expiry
from alerts.services import acknowledgement_operator
from hazards.errors import DomainError
from hazards.models import Country
from web.errors import STATUS, json_errors
from web.http import Freshness

FEED_TYPE = "application/atom+xml; charset=utf-8"


# Feed bodies by (ETag, self URL): the ETag covers the alerts and the language, so a body is written once per
# change and language and then served from memory (the feed is the most polled URL of the exchange).
_BODIES: OrderedDict[tuple[str, str], bytes] = OrderedDict()
_BODIES_KEPT = 32
_BODIES_LOCK = threading.Lock()


def _feed_body(key: tuple[str, str], write) -> bytes:
    with _BODIES_LOCK:
        if (body := _BODIES.get(key)) is not None:
            _BODIES.move_to_end(key)
            return body
    body = write()
    with _BODIES_LOCK:
        _BODIES[key] = body
        while len(_BODIES) > _BODIES_KEPT:
            _BODIES.popitem(last=False)
    return body


def _feed(request, country: str | None, status: str = Alert.Status.ACTUAL):
    alerts = list(public_feed_alerts(country, status=status))
    language = (get_language() or "ru")[:2]
    etag, last_modified = feed_version(alerts, language, changed=public_feed_last_expiry(country, status=status))
    freshness = Freshness(etag=etag, last_modified=last_modified, cache_control="public, max-age=60",
                          vary="Accept-Language, Cookie, Accept-Encoding")
    if early := freshness.answer(request):
        return early
    title = _feed_title(country, status)
    self_url = request.build_absolute_uri()
    body = _feed_body((etag, self_url), lambda: feed_atom(
        alerts=alerts, title=title, self_url=self_url, language=language,
        alert_url=lambda a: request.build_absolute_uri(f"/cap/alerts/{a.identifier}.xml")))
    return freshness.stamp(HttpResponse(body, content_type=FEED_TYPE))


def _feed_title(country: str | None, status: str) -> str:
    if status == Alert.Status.TEST:
        return _("Central Asia Hazards Atlas: test alerts (not real warnings)")
    if country is None:
        return _("Central Asia Hazards Atlas: alerts")
    return _("Central Asia Hazards Atlas: alerts of %(country)s") % {"country": country}


@require_safe
def regional_feed(request):
    """The regional hub: every member's public alerts in force."""
    return _feed(request, None)


@require_safe
def test_feed(request):
    """The public test feed: every member's public Test-status messages in force (validators, e.g. Google's, ask
    for test alerts; the public feeds stay Actual-only)."""
    return _feed(request, None, Alert.Status.TEST)


@require_safe
def country_feed(request, iso3: str):
    if not Country.objects.filter(iso3=iso3.upper(), is_member=True).exists():
        raise Http404(f"no member country {iso3}")
    return _feed(request, iso3.upper())


@require_safe
@json_errors
def alert_document(request, identifier: str):
    """The exact bytes that were sent (Private messages to their addressees only: 404 for anyone else, before any
    304). A sent message never changes: its ETag is its SHA-256, its Last-Modified the time it was sent."""
    alert = alert_by_identifier(request.user, identifier)
    public = alert.scope == alert.Scope.PUBLIC
    freshness = Freshness(etag=f'"{alert.sha256}"', last_modified=alert.sent,
                          cache_control="public, max-age=300" if public else "private, no-store",
                          vary="Cookie, Authorization, Accept-Encoding")
    if early := freshness.answer(request):
        return early
    return freshness.stamp(HttpResponse(bytes(alert.xml), content_type=CONTENT_TYPE))


def _wants_json(request) -> bool:
    """A refusal is answered as CAP (a CAP 1.2 Error) unless the client prefers JSON in its Accept header."""
    return request.get_preferred_type([CONTENT_TYPE, "application/json"]) == "application/json"


def _body_stream(request):
    """What to read the body from: Django's request, or — for a chunked body (no Content-Length), which Django reads
    as empty — the server's own stream when it says the body ends there (`wsgi.input_terminated`, gunicorn)."""
    if not request.META.get("CONTENT_LENGTH") and request.META.get("wsgi.input_terminated"):
        return request.META["wsgi.input"]
    return request


def _drain(stream, declared: int) -> None:
    """Read an oversized body to its end (at most CAP_INBOX_DRAIN_BYTES) and drop it, so the 413 reaches the client
    instead of a reset connection; a larger one is left unread (its connection closes)."""
    if declared > settings.CAP_INBOX_DRAIN_BYTES:
        return
    left = settings.CAP_INBOX_DRAIN_BYTES
    while left > 0 and (chunk := stream.read(min(left, 64 * 1024))):
        left -= len(chunk)


def _body_within(request, limit: int) -> bytes | None:
    """The posted bytes, or None when there are more than `limit` (a declared Content-Length over it is refused
    unread and drained; Django's own body limit, DATA_UPLOAD_MAX_MEMORY_SIZE, is not involved). Chunked bodies are
    read too."""
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    stream = _body_stream(request)
    if declared > limit:
        _drain(stream, declared)
        return None
    data = stream.read(limit + 1)
    if len(data) > limit:
        _drain(stream, declared)
        return None
    return data


def _cap_refusal(exc: DomainError) -> HttpResponse:
    response = HttpResponse(exc.reply, status=STATUS[exc.kind], content_type=CONTENT_TYPE)
    response["Vary"] = "Accept"
    if "retry_after" in exc.extra:
        response["Retry-After"] = str(exc.extra["retry_after"])
    return response


@csrf_exempt
@require_POST
@json_errors
def inbox(request):
    """CAP from a neighbour's system, signed in with its focal point's API token. A refused message answers 4xx
    with a CAP Error (application/cap+xml), or the JSON reasons with `Accept: application/json`: 413 over
    CAP_INBOX_MAX_BYTES, 429 with Retry-After over the focal point's rate (alerts.limits)."""
    if not request.user.is_authenticated:
        return JsonResponse({"error": "not_authenticated", "detail": _("send the focal point's API token")},
                            status=401)
    try:
        result = inbox_receive(read=lambda limit: _body_within(request, limit), user=request.user,
                               now=timezone.now())
    except DomainError as exc:
        if getattr(exc, "reply", None) and not _wants_json(request):
            return _cap_refusal(exc)
        raise
    return JsonResponse(result, status=201 if result["result"] == "accepted" else 200)


def _delivery(token: str):
    delivery = ack_token_delivery(token)
    if delivery is None:
        raise Http404("invalid or expired acknowledgement link")
    return delivery


@require_http_methods(["GET", "POST"])
def acknowledge_link(request, token: str):
    """The e-mail's link: GET shows the message (status, type, severity, urgency, times, headline, the area's map,
    the countries downstream) in the focal point's language and a button (mail scanners only GET), POST
    acknowledges."""
    delivery = _delivery(token)
    done = None
    if request.method == "POST":
        try:
            done = acknowledgement_operator(alert=delivery.alert, user=request.user, focal_point=delivery.focal_point,
                                            note=request.POST.get("note", "")[:2000])[0]
        except DomainError as exc:
            return JsonResponse(exc.as_dict(), status=409)
    language = language_of(delivery.focal_point)
    with override(language):
        return render(request, "alerts/acknowledge.html", {
            "delivery": delivery, "notice": notice_for(delivery.alert, language), "done": done,
            "map_url": map_link(token) if delivery.alert.areas.exists() else None})


@require_safe
def acknowledge_map(request, token: str):
    """The PNG map of the area of the message an acknowledgement link was made for."""
    picture = area_png(_delivery(token).alert)
    if picture is None:
        raise Http404("the alert has no area to draw")
    response = HttpResponse(picture, content_type="image/png")
    response["Cache-Control"] = "private, max-age=3600"
    return response
