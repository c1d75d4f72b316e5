"""API tokens for every endpoint, not only DRF's: the OGC API, tiles and downloads see the same user."""

from django.utils.functional import SimpleLazyObject
from rest_framework.authtoken.models import Token


def _user_for_token(key: str, fallback):
    token = Token.objects.select_related("user").filter(key=key).first()
    if token is None or not token.user.is_active:
        return fallback  # what the session said (anonymous without one)
    return token.user


class TokenAuthenticationMiddleware:
    """`Authorization: Token <key>` signs the request in as the token's user (after the session middleware)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        scheme, _, key = request.headers.get("Authorization", "").partition(" ")
        if scheme.lower() == "token" and key.strip():
            session_user = request.user
            request.user = SimpleLazyObject(lambda: _user_for_token(key.strip(), session_user))
            # Browsers never add this header on their own, so a token request cannot be a forged one.
            request._dont_enforce_csrf_checks = True
        return self.get_response(request)
