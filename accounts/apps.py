from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    """Who a request is: API tokens (hashed, scoped, expiring), the sign-in lockout, throttled password resets and
    the permissions a role carries. No HTTP here: web/ adapts it."""

    name = "accounts"
    verbose_name = _("Accounts: tokens and sign-in")
