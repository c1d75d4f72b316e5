"""Password reset mails, throttled: at most PASSWORD_RESET_PER_ADDRESS_HOUR requests from one client address and
PASSWORD_RESET_PER_ACCOUNT_HOUR mails to one account in an hour. The account's limit is silent (the page looks the
same whether an account was mailed, throttled or never existed), so neither limit tells who has an account."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from .models import PasswordResetMail

WINDOW = timedelta(hours=1)
KEEP = timedelta(days=1)


def _since():
    return timezone.now() - WINDOW


def password_reset_address_allowed(*, address: str) -> bool:
    """Whether `address` may ask for another reset this hour."""
    asked = PasswordResetMail.objects.filter(address=address, user__isnull=True, created_at__gte=_since()).count()
    return asked < settings.PASSWORD_RESET_PER_ADDRESS_HOUR


def password_reset_request_record(*, address: str) -> None:
    """Count one request from `address` (whoever it named); rows older than a day go."""
    PasswordResetMail.objects.filter(created_at__lt=timezone.now() - KEEP).delete()
    PasswordResetMail.objects.create(address=address)


def password_reset_account_take(*, user, address: str) -> bool:
    """Whether `user` may be mailed another reset link this hour; if so, the mail is counted."""
    mailed = PasswordResetMail.objects.filter(user=user, created_at__gte=_since()).count()
    if mailed >= settings.PASSWORD_RESET_PER_ACCOUNT_HOUR:
        return False
    PasswordResetMail.objects.create(address=address, user=user)
    return True
