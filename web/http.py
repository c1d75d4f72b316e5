"""HTTP plumbing shared by every layer endpoint: finding the layer the user may read, ETags from the
published version, conditional requests, cache headers, JSON errors."""

import functools
import hashlib

from django.http import Http404, HttpResponse

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


def _opaque(tag: str) -> str:
    """An entity tag without its weakness mark: If-None-Match compares weakly (RFC 9110 §13.1.2)."""
    tag = tag.strip()
    return tag[2:] if tag.startswith("W/") else tag


def not_modified(request, etag: str) -> HttpResponse | None:
    """A 304 response when the client already has this representation. The comparison is weak: GZipMiddleware
    sends our ETag as W/"…", and every real client (browsers, GDAL, QGIS, feed readers) asks for gzip and sends
    that weak tag back."""
    tags = {_opaque(tag) for tag in request.headers.get("If-None-Match", "").split(",")}
    if _opaque(etag) in tags or "*" in tags:
        response = HttpResponse(status=304)
        response["ETag"] = etag
        return response
    return None


def cache_headers(response, layer: Layer, etag: str, max_age: int = 300):
    """Public layers may be cached by anyone for a while; restricted ones only by the user's own client."""
    response["ETag"] = etag
    if layer.access == Layer.Access.PUBLIC:
        response["Cache-Control"] = f"public, max-age={max_age}"
    else:
        response["Cache-Control"] = "private, max-age=0, must-revalidate"
    response["Vary"] = "Accept, Accept-Language, Cookie, Authorization"
    return response


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
    is called with the readable layer named by the URL's `slug` (found by `find`: 404 when hidden) only when the
    client's If-None-Match does not already hold the ETag (304 otherwise); its response gets the ETag and the
    cache headers. For a DRF view method, wrap it with django.utils.decorators.method_decorator."""

    def decorate(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            layer = find(request, kwargs["slug"])
            etag = etag_for(layer, request)
            if cached := not_modified(request, etag):
                return cached
            response = cache_headers(view(request, *args, layer=layer, **kwargs), layer, etag, max_age=max_age)
            return shared_cache_guard(request, response, layer)

        return wrapper

    return decorate
