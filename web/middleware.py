"""Request guards of every surface: forwarding headers believed from trusted proxies only, API tokens for every
endpoint (not only DRF's), and refusal of NUL and control characters before any view sees them; and compression
that leaves byte ranges alone."""

import re
from urllib.parse import unquote

from django.http import JsonResponse
from django.middleware.gzip import GZipMiddleware as DjangoGZipMiddleware
from django.utils.translation import gettext as _
from whitenoise.middleware import WhiteNoiseFileResponse

from accounts.tokens import api_token_check, api_token_touch
from hazards.errors import DomainError, Forbidden, Unauthorized

from .authentication import token_key
from .clientip import is_trusted_proxy, remote_address
from .errors import error_body
from .scopes import scopes_accepted

CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _refusal(exc: DomainError) -> JsonResponse:
    body, status = error_body(exc)
    return JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})


def _signing_token(request, key: str):
    """The token that signs `request` in; None to leave a signed-in session in charge; DomainError to refuse."""
    token = api_token_check(key=key)
    if token is None:
        if request.user.is_authenticated:
            return None
        raise Unauthorized("token_invalid", _("unknown API token"))
    if not set(token.scopes) & scopes_accepted(method=request.method, path=request.path_info):
        raise Forbidden("token_scope", _("this API token's scopes do not cover this request"), scopes=token.scopes)
    return token


class TokenAuthenticationMiddleware:
    """`Authorization: Token <key>` with a valid key signs the request in as the token's user (after the session
    middleware); the OGC API, tiles and downloads see the same user as the REST API. An unknown, expired or revoked
    token answers 401, a token whose scopes do not cover the request (web.scopes) 403. Only a valid token lifts the
    CSRF check (a browser never adds the header on its own, so a token request cannot be forged). With a signed-in
    session an unknown key is ignored: the request stays what the session says, CSRF check included."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        key = token_key(request)
        if key is None:
            return self.get_response(request)
        try:
            token = _signing_token(request, key)
        except DomainError as exc:
            return _refusal(exc)
        if token is None:
            return self.get_response(request)
        request.user, request.api_token = token.user, token
        request._dont_enforce_csrf_checks = True
        response = self.get_response(request)
        api_token_touch(token=token)  # after the response: the request's own reads may still use a replica
        return response


class ProxyHeadersMiddleware:
    """Forwarding headers (X-Forwarded-Proto, -For, -Host, X-Real-IP) are believed only from a trusted proxy
    (ATLAS_TRUSTED_PROXIES): from anyone else they are dropped before any middleware reads them, so a client can
    neither pass for HTTPS (SECURE_PROXY_SSL_HEADER) nor choose the address it is counted under."""

    HEADERS = ("HTTP_X_FORWARDED_PROTO", "HTTP_X_FORWARDED_FOR", "HTTP_X_FORWARDED_HOST", "HTTP_X_REAL_IP")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_trusted_proxy(remote_address(request)):
            for header in self.HEADERS:
                request.META.pop(header, None)
        return self.get_response(request)


class ControlCharactersMiddleware:
    """A 400 naming the parameter for NUL and other control characters in the path or a query parameter (name
    or value): PostgreSQL refuses NUL in text, and no identifier, filter or search of the atlas needs them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        where = None
        if CONTROL.search(unquote(request.path)):
            where = "path"
        else:
            where = next((name for name, values in request.GET.lists()
                          if CONTROL.search(name) or any(CONTROL.search(v) for v in values)), None)
        if where is not None:
            return JsonResponse({"error": "invalid_parameter", "parameter": CONTROL.sub("?", where),
                                 "detail": _("control characters (such as NUL) are not allowed")}, status=400)
        return self.get_response(request)


class GZipMiddleware(DjangoGZipMiddleware):
    """Django's compression, except for a range of bytes (206, 416) or a representation served by byte ranges
    (`Accept-Ranges: bytes`: web.ranges): a range counts the bytes of the file as stored, so a compressed one would
    be garbage to GDAL's /vsicurl/, and a compressed whole file would get a weak ETag that If-Range may never match
    (RFC 9110 §13.1.5), so a broken download could never resume. Nor does it compress WhiteNoise's static files:
    those worth compressing were compressed at collectstatic (served with their own Content-Encoding), and
    compressing the rest (sprites, PNG) would only make their ETag weak, which WhiteNoise's exact If-None-Match
    comparison never matches again."""

    def process_response(self, request, response):
        if response.status_code in (206, 416) or response.get("Accept-Ranges") == "bytes" or \
                isinstance(response, WhiteNoiseFileResponse):
            return response
        return super().process_response(request, response)
