"""Nothing received is lost: a refused CAP submission is kept with its exact bytes, SHA-256, focal point and
reasons (RejectedMessage, in the admin), and the inbox answers it with a CAP Error addressed to the focal point,
its note the reasons in the focal point's language (English when it has none of the atlas's)."""

import hashlib
import logging
import re
from collections.abc import Callable
from datetime import datetime

from django.db.models import F
from django.utils.translation import get_language, override

from hazards.errors import DomainError

from .cap import CAP, cap_time, cap_time_parse
from .legacy import legacy_convert
from .models import Alert, FocalPoint, RejectedMessage
from .replies import error_reply
from .users import AnyUser
from .validation import FORBIDDEN_ID, parse_safely

log = logging.getLogger(__name__)
CAP_TIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[-+]\d\d:\d\d$")
LANGUAGES = ("ru", "en", "kk")


def _read_header(data: bytes) -> tuple[str, str]:
    """The offending message's `sender,identifier,sent` (empty when it cannot be read) and its status."""
    try:
        root = legacy_convert(parse_safely(data))[0]  # a CAP 1.1 or 1.0 message is answered by its 1.2 key
    except ValueError:
        return "", Alert.Status.ACTUAL
    sender, identifier, sent, status = ((root.findtext(CAP + name) or "").strip()
                                        for name in ("sender", "identifier", "sent", "status"))
    status = status if status in Alert.Status.values else Alert.Status.ACTUAL
    if not sender or not identifier or FORBIDDEN_ID.search(sender + identifier):
        return "", status
    try:
        when = cap_time_parse(sent)
    except DomainError:
        return "", status
    return f"{sender},{identifier},{sent if CAP_TIME.match(sent) else cap_time(when)}", status


def _address(focal_point: FocalPoint | None, user: AnyUser | None) -> str:
    return focal_point.address if focal_point else (user.get_username() if user else "hub")


def language_of(focal_point: FocalPoint | None) -> str:
    return next((code for code in (focal_point.languages if focal_point else []) if code in LANGUAGES), "en")


def _reasons(exc: DomainError, language: str, read_again: Callable[[], object]) -> list[str]:
    """The reasons of the refusal in `language`: the check is run again under it when that is another language."""
    reasons = list(exc.extra.get("reasons") or [str(exc.detail)])
    if language == (get_language() or "")[:2]:
        return reasons
    with override(language):
        try:
            read_again()
        except DomainError as again:
            if again.code == exc.code:
                return list(again.extra.get("reasons") or [str(again.detail)])
    return reasons


def rejection_record(exc: DomainError, *, data: bytes, focal_point: FocalPoint | None, user: AnyUser | None,
                     source: str, url: str = "", read_again: Callable[[], object]) -> RejectedMessage:
    """Keep a refused submission; for the inbox, set `exc.reply` to the CAP Error that answers it."""
    reference, status = _read_header(data)
    rejection = RejectedMessage(source=source, url=url, focal_point=focal_point,
                                user=user if user and user.is_authenticated else None, data=data,
                                sha256=hashlib.sha256(data).hexdigest(), error=exc.code,
                                reasons=list(exc.extra.get("reasons") or [str(exc.detail)]), reference=reference)
    if source == RejectedMessage.Source.INBOX:
        try:
            rejection.reply = error_reply(reasons=_reasons(exc, language_of(focal_point), read_again),
                                          address=_address(focal_point, user), reference=reference, status=status)
        except DomainError:  # never expected: the reply is written by the atlas
            log.exception("the CAP Error reply to a refused message is not valid")
    rejection.save()
    exc.reply = bytes(rejection.reply) if rejection.reply else None
    return rejection


def refusal_answer(exc: DomainError, *, focal_point: FocalPoint | None, user: AnyUser | None,
                   reasons: Callable[[], list[str]]) -> None:
    """Set `exc.reply` to the CAP Error answering a submission that is refused unread (too large, or counted over the
    rate limit): no reference, the note `reasons()` written in the focal point's language."""
    with override(language_of(focal_point)):
        exc.reply = error_reply(reasons=reasons(), address=_address(focal_point, user))


def refusal_count(rejection_id: int, *, at: datetime) -> None:
    """Count one more refusal on the kept rejection `rejection_id` (its run over the rate limit) without keeping it."""
    RejectedMessage.objects.filter(pk=rejection_id).update(repeats=F("repeats") + 1, last_repeat_at=at)
