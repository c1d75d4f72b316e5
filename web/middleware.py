"""Request guards of every surface: API tokens for every endpoint (not only DRF's), and refusal of NUL and
control characters before any view sees them."""

import re
from urllib.parse import unquote

from django.http import JsonResponse
from django.utils.translation import gettext as _
from rest_framework.authtoken.models import Token

CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _user_for_token(key: str):
    token = Token.objects.select_related("user").filter(key=key).first()
    if token is None or not token.user.is_active:
        return None
    return token.user


class TokenAuthenticationMiddleware:
    """`Authorization: Token <key>` with a valid key signs the request in as the token's user (after the session
    middleware); the OGC API, tiles and downloads see the same user as the REST API. Only a valid token lifts the
    CSRF check (a browser never adds the header on its own, so a token request cannot be forged); with an invalid
    one the request stays whatever the session says, CSRF check included."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        scheme, _sep, key = request.headers.get("Authorization", "").partition(" ")
        if scheme.lower() == "token" and key.strip():
            user = _user_for_token(key.strip())
            if user is not None:
                request.user = user
                request._dont_enforce_csrf_checks = True
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
