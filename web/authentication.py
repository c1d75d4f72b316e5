"""DRF's side of API tokens: web.middleware has already checked the token (and its scope) for every surface;
this tells DRF who it was. (Nothing here imports DRF's views: DRF imports this module while it loads them.)"""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.plumbing import build_bearer_security_scheme_object
from rest_framework.authentication import BaseAuthentication


def token_key(request) -> str | None:
    """The key of `Authorization: Token <key>`, or None."""
    scheme, _sep, key = request.headers.get("Authorization", "").partition(" ")
    return key.strip() if scheme.lower() == "token" and key.strip() else None


class ApiTokenAuthentication(BaseAuthentication):
    """(user, token) of a request the middleware signed in with a token; None otherwise (the session decides)."""

    keyword = "Token"

    def authenticate(self, request):
        token = getattr(request._request, "api_token", None)
        if token is not None:
            return token.user, token
        return None

    def authenticate_header(self, request):
        return self.keyword


class ApiTokenScheme(OpenApiAuthenticationExtension):
    """The OpenAPI schema's security scheme: `Authorization: Token <key>`."""

    target_class = ApiTokenAuthentication
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return build_bearer_security_scheme_object(header_name="Authorization",
                                                   token_prefix=ApiTokenAuthentication.keyword)
