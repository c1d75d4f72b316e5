"""What one client may post to the inbox: at most CAP_INBOX_MAX_BYTES a message, at most CAP_INBOX_RATE messages a
minute with bursts of CAP_INBOX_BURST (a token bucket per focal point kept in PostgreSQL, so every worker and host
shares it; the clock is the caller's `now`).

A refusal is answered like every other: a CAP Error (alerts.rejections). Over the rate limit, the first refused
message of a run is kept as the other refusals are; the ones after it are only counted on that record (`repeats`),
so a flood leaves one row per run, not one per post: bodies kept per client are bounded by the rate itself. An
oversized body is not read, so there is nothing to keep: the refusal is answered and logged."""

import logging
import math
from datetime import datetime
from typing import NoReturn

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from hazards.errors import DomainError

from .models import FocalPoint, InboxAllowance, RejectedMessage
from .rejections import refusal_answer, refusal_count, rejection_record
from .users import AnyUser

log = logging.getLogger(__name__)


class RateLimited(DomainError):
    """Too many messages from one client; `retry_after` (seconds) says when the next one passes."""

    kind = "too_many_requests"


class TooLarge(DomainError):
    """A body over the inbox's limit."""

    kind = "too_large"


def client_of(focal_point: FocalPoint | None, user: AnyUser) -> str:
    """Whose allowance a post takes: its focal point's, or the account's for an administrator posting for none."""
    return f"focal-point:{focal_point.pk}" if focal_point is not None else f"user:{user.pk}"


def _refilled(allowance: InboxAllowance, now: datetime) -> float:
    elapsed = max(0.0, (now - allowance.at).total_seconds())  # a host whose clock lags refills nothing
    return min(float(settings.CAP_INBOX_BURST), allowance.tokens + elapsed * settings.CAP_INBOX_RATE / 60)


def allowance_take(*, client: str, now: datetime) -> tuple[int, InboxAllowance]:
    """Take one message from `client`'s allowance at `now` (inside the caller's transaction, the row locked): 0 when
    it may pass, else the whole seconds until it may."""
    InboxAllowance.objects.get_or_create(client=client, defaults={"tokens": settings.CAP_INBOX_BURST, "at": now})
    allowance = InboxAllowance.objects.select_for_update().get(client=client)
    tokens = _refilled(allowance, now)
    wait = 0 if tokens >= 1 else math.ceil((1 - tokens) * 60 / settings.CAP_INBOX_RATE)
    allowance.tokens, allowance.at = (tokens - 1 if wait == 0 else tokens), max(allowance.at, now)
    allowance.save(update_fields=["tokens", "at"])
    return wait, allowance


def _rate_limited(wait: int) -> RateLimited:
    return RateLimited("rate_limited", _("too many messages: at most %(rate)s a minute (%(burst)s at once); retry in "
                                         "%(seconds)s s") % {"rate": settings.CAP_INBOX_RATE,
                                                             "burst": settings.CAP_INBOX_BURST, "seconds": wait},
                       retry_after=wait)


def _raise_rate_limited(wait: int) -> NoReturn:
    raise _rate_limited(wait)


def inbox_rate_check(*, focal_point: FocalPoint | None, user: AnyUser, data: bytes, now: datetime) -> None:
    """Let one posted message through the rate limit, or refuse it: RateLimited with `reply` (the CAP Error) and
    `retry_after` (seconds). The first refusal of a run is kept (alerts.rejections), the later ones counted on it."""
    with transaction.atomic():
        wait, allowance = allowance_take(client=client_of(focal_point, user), now=now)
        if not wait:
            if allowance.refusal_id is not None:
                allowance.refusal = None
                allowance.save(update_fields=["refusal"])
            return
        exc = _rate_limited(wait)
        if allowance.refusal_id is None:
            allowance.refusal = rejection_record(exc, data=data, focal_point=focal_point, user=user,
                                                 source=RejectedMessage.Source.INBOX,
                                                 read_again=lambda: _raise_rate_limited(wait))
            allowance.save(update_fields=["refusal"])
        else:
            refusal_count(allowance.refusal_id, at=now)
            refusal_answer(exc, focal_point=focal_point, user=user, reasons=lambda: [str(_rate_limited(wait))])
    raise exc


def _too_large() -> TooLarge:
    return TooLarge("too_large", _("a CAP message may not exceed %(n)s bytes") % {"n": settings.CAP_INBOX_MAX_BYTES})


def inbox_too_large(*, focal_point: FocalPoint | None, user: AnyUser) -> TooLarge:
    """The refusal of a body over CAP_INBOX_MAX_BYTES (not read, so not kept), its CAP Error as `reply`."""
    log.warning("inbox: a body over %s bytes refused from %s", settings.CAP_INBOX_MAX_BYTES,
                client_of(focal_point, user))
    exc = _too_large()
    refusal_answer(exc, focal_point=focal_point, user=user, reasons=lambda: [str(_too_large())])
    return exc
