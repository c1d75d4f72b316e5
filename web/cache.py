"""The key a shared cache in front of the atlas (deploy/nginx.conf) files a response under.

nginx asks `/_atlas/cache-key` (an auth_request subrequest carrying the original URI) before answering a tile or
a GeoJSON page from its cache; the answer's `X-Atlas-Cache-Key` is part of the cache key. For a layer endpoint it
is the published version and the layer's last edit, so publishing, rolling back or reclassifying a layer moves
its URLs to new keys at once: nothing stale is served and nothing needs purging. The key is empty — do not
cache — for anything an anonymous reader may not see (a restricted or unknown layer answers exactly like a
missing one) and for URLs that are not cacheable. The answer is always 204: nginx treats any other status of
the subrequest as an error."""

from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse
from django.urls import Resolver404, resolve
from django.views.decorators.http import require_safe

from hazards.layer_lookup import layer_visible_get
from hazards.models import Layer

HEADER = "X-Atlas-Cache-Key"
# URL names whose responses depend on the layer named by `slug` only (and the request itself).
LAYER_ENDPOINTS = {"tiles:layer-tile", "tiles:raster-tile", "api:layer-features", "ogc:items"}
# The base boundaries change only when the region is reloaded: filed under a fixed key for their max-age.
BASE_ENDPOINTS = {"tiles:boundary-tile"}
BASE_KEY = "base"


def layer_state(layer: Layer) -> str:
    """What a layer endpoint's response depends on besides the request: its published version and last edit."""
    return f"{layer.published_version_id}.{int(layer.updated_at.timestamp() * 1_000_000)}"


def cache_key_for(path: str) -> str:
    """The cache key part for the anonymous GET of `path`, or "" when it must not be cached."""
    try:
        match = resolve(path)
    except Resolver404:
        return ""
    if match.view_name in BASE_ENDPOINTS:
        return BASE_KEY
    if match.view_name not in LAYER_ENDPOINTS:
        return ""
    layer = layer_visible_get(AnonymousUser(), match.kwargs["slug"])  # the serving views' own cached lookup
    public = layer is not None and layer.access == Layer.Access.PUBLIC and layer.published_version_id
    return layer_state(layer) if public else ""


@require_safe
def cache_key(request):
    """204 with X-Atlas-Cache-Key for the path in X-Original-URI (the query string does not matter)."""
    path = request.headers.get("X-Original-URI", "").split("?", 1)[0]
    response = HttpResponse(status=204)
    response[HEADER] = cache_key_for(path) if path.startswith("/") else ""
    response["Cache-Control"] = "no-store"
    return response
