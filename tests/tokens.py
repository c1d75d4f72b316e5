"""API tokens for tests: one helper instead of rest_framework.authtoken's Token.objects.get_or_create."""

from accounts.tokens import api_token_create


def token_for(user, scopes=None, **options) -> str:
    """A new API token key of `user` (default: every scope its role allows, the default lifetime)."""
    return api_token_create(user=user, scopes=scopes, **options)[1]
