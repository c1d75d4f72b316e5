"""/api/docs/ (Swagger UI) and /api/redoc/ (ReDoc): drf-spectacular's views on our own templates, so every script
is a static file (the sidecar's bundles and static/atlas/js/apidocs/*.js) and the Content-Security-Policy needs no
inline script. The page passes its configuration as a `<script type="application/json">`, which is never executed."""

import functools
import hashlib
from datetime import UTC, datetime
from pathlib import Path

from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.urls import reverse
from django.views.decorators.http import require_safe
from drf_spectacular.settings import spectacular_settings
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularRedocView, SpectacularSwaggerView

from web.http import Freshness

REDOC_BUNDLE = "drf_spectacular_sidecar/redoc/bundles/redoc.standalone.js"
# ReDoc's side menu shows Redocly's logo from their CDN, unconditionally: an external request the CSP refuses
# (img-src 'self') and an air-gapped atlas cannot make. An empty data: image fails to load and ReDoc then hides it.
REDOC_LOGO = b"https://cdn.redoc.ly/redoc/logo-mini.svg"
NO_IMAGE = b"data:,"


class SwaggerDocs(SpectacularSwaggerView):
    """Swagger UI; its init script (static/atlas/js/apidocs/swagger.js) reads the `api-docs-config` element."""

    template_name = "api/swagger_ui.html"

    @extend_schema(exclude=True)
    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        response.data["config"] = {
            "url": response.data["schema_url"],
            "settings": spectacular_settings.SWAGGER_UI_SETTINGS,
            "csrfHeader": self._get_csrf_header_name(),
            "csrfToken": get_token(request),  # "Try it out" of a POST sends it, as a form of the atlas would
        }
        return response


class RedocDocs(SpectacularRedocView):
    """ReDoc; its init script (static/atlas/js/apidocs/redoc.js) reads the `api-docs-config` element."""

    template_name = "api/redoc.html"

    @extend_schema(exclude=True)
    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        response.data["redoc_standalone"] = reverse("redoc-bundle")
        response.data["config"] = {"url": response.data["schema_url"],
                                   "settings": spectacular_settings.REDOC_UI_SETTINGS or {}}
        return response


@functools.cache
def _redoc_bundle() -> tuple[bytes, str, datetime]:
    """The sidecar's ReDoc bundle without its one external URL, its ETag and the file's time (read once per
    process)."""
    path = Path(finders.find(REDOC_BUNDLE))
    body = path.read_bytes().replace(REDOC_LOGO, NO_IMAGE)
    return body, hashlib.sha256(body).hexdigest()[:32], datetime.fromtimestamp(path.stat().st_mtime, tz=UTC)


@require_safe
def redoc_bundle(request):
    """GET /api/redoc/redoc.standalone.js — ReDoc as the sidecar ships it, its logo URL replaced (REDOC_LOGO);
    conditional GETs answered as every other endpoint's (web.http.Freshness)."""
    body, tag, modified = _redoc_bundle()
    freshness = Freshness(etag=f'"{tag}"', last_modified=modified, cache_control="public, max-age=86400",
                          vary="Accept-Encoding")
    return freshness.answer(request) or freshness.stamp(
        HttpResponse(body, content_type="text/javascript; charset=utf-8"))
