"""HTTP plumbing shared by every layer endpoint: finding the layer the user may read, ETags from the
published version, conditional requests, cache headers, JSON errors."""

import hashlib

from django.http import Http404, HttpResponse, JsonResponse

from hazards.models import Layer
from hazards.selectors import layers_visible
from serving.errors import ParamError


def layer_or_404(request, slug: str) -> Layer:
    """The published layer `slug` if the user may read it; Http404 otherwise (restricted looks absent)."""
    layer = layers_visible(request.user).filter(slug=slug).first()
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
    """A strong ETag: the published version plus the exact request (path, query, language, parts)."""
    key = "|".join([str(layer.published_version_id), request.get_full_path(),
                    getattr(request, "LANGUAGE_CODE", ""), *map(str, parts)])
    return f'"{layer.published_version_id}-{hashlib.sha1(key.encode()).hexdigest()[:16]}"'


def not_modified(request, etag: str) -> HttpResponse | None:
    """A 304 response when the client already has this representation."""
    tags = [t.strip() for t in request.headers.get("If-None-Match", "").split(",")]
    if etag in tags or "*" in tags:
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


def json_error(status: int, code: str, detail: str, **extra) -> JsonResponse:
    return JsonResponse({"error": code, "detail": detail, **extra}, status=status)


def param_error_response(error: ParamError) -> JsonResponse:
    return JsonResponse(error.as_dict(), status=400)
