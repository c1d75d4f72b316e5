"""API tokens: made with a random key shown once, found by prefix, proven by hash, refused by name when expired,
revoked or their user is disabled."""

import hashlib
import hmac
import secrets
from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hazards.errors import DomainError, Unauthorized

from .models import ApiToken
from .scopes import Scope, scopes_of_role

TOUCH_EVERY = timedelta(minutes=1)  # last_used_at is written at most this often per token


def key_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def _role_of(user) -> str | None:
    membership = getattr(user, "membership", None)
    return membership.role if membership is not None else None


def _checked_scopes(user, scopes: Iterable[str] | None) -> list[str]:
    allowed = scopes_of_role(_role_of(user))
    chosen = list(dict.fromkeys(scopes)) if scopes else list(allowed)
    unknown = [scope for scope in chosen if scope not in Scope.values]
    if unknown:
        raise DomainError("unknown_scope", _("unknown scope %(scope)s; use read, upload or alerts")
                          % {"scope": unknown[0]})
    wider = [scope for scope in chosen if scope not in allowed]
    if wider:
        raise DomainError("scope_not_allowed", _("the user's role does not allow the scope %(scope)s")
                          % {"scope": wider[0]})
    return chosen


def _checked_lifetime(expires_in: timedelta | None) -> timedelta:
    lifetime = expires_in if expires_in is not None else timedelta(days=settings.API_TOKEN_DAYS)
    if not timedelta(0) < lifetime <= timedelta(days=settings.API_TOKEN_MAX_DAYS):
        raise DomainError("invalid_expiry", _("a token lives between 1 and %(days)s days")
                          % {"days": settings.API_TOKEN_MAX_DAYS})
    return lifetime


def api_token_create(*, user, scopes: Iterable[str] | None = None, expires_in: timedelta | None = None,
                     name: str = "") -> tuple[ApiToken, str]:
    """A new token of `user` with `scopes` (default: all its role allows; never more) that expires after
    `expires_in` (default ATLAS_TOKEN_DAYS). Returns (token, key): the key exists only in this return value."""
    chosen, lifetime = _checked_scopes(user, scopes), _checked_lifetime(expires_in)
    key = secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=user, name=name, prefix=key[:ApiToken.PREFIX_LENGTH],
                                    key_hash=key_hash(key), scopes=chosen, expires_at=timezone.now() + lifetime)
    return token, key


def api_token_check(*, key: str) -> ApiToken | None:
    """The token whose key is `key`, with its user; None when no token has that key. Raises Unauthorized
    (token_revoked, token_expired, token_user_inactive) for a known key that may no longer be used."""
    digest = key_hash(key)
    candidates = ApiToken.objects.select_related("user", "user__membership").filter(
        prefix=key[:ApiToken.PREFIX_LENGTH])
    token = next((c for c in candidates if hmac.compare_digest(c.key_hash, digest)), None)
    if token is None:
        return None
    if token.revoked_at is not None:
        raise Unauthorized("token_revoked", _("this API token was revoked; ask an administrator for a new one"))
    if token.expires_at <= timezone.now():
        raise Unauthorized("token_expired", _("this API token expired; ask an administrator for a new one"))
    if not token.user.is_active:
        raise Unauthorized("token_user_inactive", _("the account of this API token is disabled"))
    return token


def api_token_touch(*, token: ApiToken) -> None:
    """Record that `token` was used (at most once a minute, so reads do not each write)."""
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= TOUCH_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now


@transaction.atomic
def api_tokens_revoke(*, tokens) -> int:
    """Revoke the tokens of the queryset `tokens` that are not revoked yet; how many were."""
    return tokens.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
