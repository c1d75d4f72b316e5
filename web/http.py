"""HTTP plumbing shared by every layer endpoint: finding the layer the user may read, ETags from the
published version, conditional requests (Freshness: the one helper of every endpoint that sends an ETag), cache
headers."""

import functools
import hashlib
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.http import Http404, HttpResponse, JsonResponse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date, parse_etags
from django.utils.translation import gettext

from hazards.layer_lookup import layer_visible_get
from hazards.models import Layer
from serving.errors import ParamError
from web.cache import HEADER as CACHE_KEY_HEADER
from web.cache import layer_state


def layer_or_404(request, slug: str) -> Layer:
    """The published layer `slug` if the user may read it; Http404 otherwise (restricted looks absent). Cached per
    process and checked against the layer's rows at every request (hazards.layer_lookup)."""
    layer = layer_visible_get(request.user, slug)
    if layer is None:
        raise Http404(f"no layer {slug!r}")
    return layer


def vector_layer_or_404(request, slug: str) -> Layer:
    """As layer_or_404, for endpoints that serve features: a raster layer is a 400 naming it."""
    layer = layer_or_404(request, slug)
    if layer.kind != Layer.Kind.VECTOR:
        raise ParamError("slug", f"{slug} is a raster layer: it has tiles (.png) and values, not features")
    return layer


def etag_for(layer: Layer, request, *parts) -> str:
    """A strong ETag: the published version and the layer's last edit plus the exact request (path, query,
    language, negotiated media type, parts)."""
    key = "|".join([str(layer.published_version_id), str(layer.updated_at), request.get_full_path(),
                    getattr(request, "LANGUAGE_CODE", ""), request.headers.get("Accept", ""), *map(str, parts)])
    return f'"{layer.published_version_id}-{hashlib.sha1(key.encode()).hexdigest()[:16]}"'


LAYER_VARY = "Accept, Accept-Language, Cookie, Authorization, Accept-Encoding"


@dataclass(frozen=True)
class Freshness:
    """What a cacheable representation says of itself (RFC 9110 §8.8, RFC 9111 §5.2): its validators — a strong
    ETag and, where a time is known, Last-Modified — and its Cache-Control and Vary. Vary names Accept-Encoding
    itself: GZipMiddleware adds it to a compressed 200 but never sees a 304, which must carry the same Vary."""

    etag: str
    last_modified: datetime | None = None
    cache_control: str = "no-cache"
    vary: str = ""

    @property
    def last_modified_seconds(self) -> int | None:
        """Last-Modified as whole seconds since the epoch: HTTP dates have second precision."""
        return int(self.last_modified.timestamp()) if self.last_modified else None

    def stamp(self, response: HttpResponse) -> HttpResponse:
        """`response` with the validators and cache headers (a 304 and its 200 carry the same ones)."""
        response["ETag"] = self.etag
        if self.last_modified:
            response["Last-Modified"] = http_date(self.last_modified_seconds)
        response["Cache-Control"] = self.cache_control
        if self.vary:
            response["Vary"] = self.vary
        return response

    def answer(self, request) -> HttpResponse | None:
        """The response a conditional GET gets without the view running, or None when the view must answer:
        304 when the client holds this representation — If-None-Match compared weakly (GZipMiddleware sends our
        ETags as W/"…"), else If-Modified-Since at second precision, a malformed date ignored (RFC 9110 §13.1.2,
        §13.1.3, §13.2.2: Django's evaluation) —, 412 as JSON when an If-Match or If-Unmodified-Since fails. The
        304 has no body and carries ETag (as the client holds it), Last-Modified, Cache-Control and Vary."""
        response = get_conditional_response(request, etag=self.etag, last_modified=self.last_modified_seconds,
                                            response=self.stamp(HttpResponse()))
        if response.status_code == 304:
            response["ETag"] = _as_held(request, self.etag)
            return response
        if response.status_code == 412:
            return JsonResponse({"error": "precondition_failed", "detail": gettext(
                "The resource has changed since the version named in If-Match or If-Unmodified-Since.")},
                status=412)
        return None


def _as_held(request, etag: str) -> str:
    """`etag` written as the client's If-None-Match holds it: weak when it got the tag from a compressed 200."""
    return "W/" + etag if f"W/{etag}" in parse_etags(request.headers.get("If-None-Match", "")) else etag


def layer_freshness(layer: Layer, request, *, max_age: int = 300) -> Freshness:
    """The validators of a layer endpoint's answer: the ETag of etag_for, Last-Modified from the layer's
    updated_at (moved by every publish, rollback, reclassification and access change); public layers may be
    cached by anyone for `max_age` seconds, restricted ones only by the user's own client, revalidated each time."""
    public = layer.access == Layer.Access.PUBLIC
    return Freshness(etag=etag_for(layer, request), last_modified=layer.updated_at,
                     cache_control=f"public, max-age={max_age}" if public else "private, max-age=0, must-revalidate",
                     vary=LAYER_VARY)


@functools.cache
def release() -> str:
    """A checksum of the code, templates and translations this process serves (paths, sizes and modification
    times under the project's folders), computed once: answers rendered from many rows (derived_freshness) change
    with a deployment even when no row did."""
    root = Path(settings.BASE_DIR)
    digest = hashlib.sha1()
    for folder in RELEASE_FOLDERS:
        for path in sorted((root / folder).rglob("*")):
            if path.suffix in (".py", ".html", ".mo", ".txt") and path.is_file():
                stat = path.stat()
                digest.update(f"{path.relative_to(root)}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    return digest.hexdigest()[:16]


RELEASE_FOLDERS = ("hazards", "alerts", "web", "templates", "locale", "atlas")


def derived_freshness(request, state: str, last_modified: datetime | None) -> Freshness:
    """The validators of an answer computed from many rows (a passport, the matrix, a cell, coverage): a strong
    ETag over `state` (a checksum of those rows, hazards.passport_state), the release, the exact request (path,
    query, language, negotiated media type) and the reader (a page names who is signed in; the audience follows
    from the reader), and Last-Modified `last_modified`. Revalidated at every use; a signed-in reader's answer
    is cached by their own client only."""
    user = request.user.pk if request.user.is_authenticated else ""
    key = "|".join([state, release(), request.get_full_path(), getattr(request, "LANGUAGE_CODE", ""),
                    request.headers.get("Accept", ""), str(user)])
    private = "private, " if user else ""
    return Freshness(etag=f'"d-{hashlib.sha1(key.encode()).hexdigest()[:20]}"', last_modified=last_modified,
                     cache_control=f"{private}no-cache", vary=LAYER_VARY)


def shared_cache_guard(request, response, layer: Layer):
    """The shared cache in front (deploy/nginx.conf) files this response under the layer state it read from the
    primary (X-Atlas-Cache-Key). If this response was read elsewhere — a replica not yet at that state — it must
    not be stored under that key: no-store."""
    expected = request.headers.get(CACHE_KEY_HEADER)
    if expected and expected != layer_state(layer):
        response["Cache-Control"] = "no-store"
    return response


def conditional_layer_get(find=layer_or_404, *, max_age: int = 300):
    """The one conditional-GET idiom of the layer endpoints. The decorated view (request, *args, layer, **kwargs)
    is called with the readable layer named by the URL's `slug` (found by `find`: 404 when hidden, before any
    304) only when the client does not already hold the representation (Freshness.answer: 304 otherwise); its
    response gets the validators and the cache headers of layer_freshness. For a DRF view method, wrap it with
    django.utils.decorators.method_decorator."""

    def decorate(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            layer = find(request, kwargs["slug"])
            freshness = layer_freshness(layer, request, max_age=max_age)
            if early := freshness.answer(request):
                return early
            return shared_cache_guard(request, freshness.stamp(view(request, *args, layer=layer, **kwargs)), layer)

        return wrapper

    return decorate
