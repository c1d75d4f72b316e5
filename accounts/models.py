"""API tokens kept as hashes: the key is shown once at creation and never stored."""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .scopes import Scope


class ApiToken(models.Model):
    """One key of a script or another system. `prefix` (the key's first characters) finds the row, `key_hash` (its
    SHA-256: keys are 256 random bits, so no slow hash is needed) proves it. Revoked or expired tokens are kept so
    their use is refused by name, not as an unknown key."""

    PREFIX_LENGTH = 8

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens",
                             verbose_name=_("user"))
    name = models.CharField(_("name"), max_length=100, blank=True, help_text=_("what or who uses it"))
    prefix = models.CharField(_("prefix"), max_length=PREFIX_LENGTH, db_index=True, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    scopes = ArrayField(models.CharField(max_length=10, choices=Scope.choices), verbose_name=_("scopes"))
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    expires_at = models.DateTimeField(_("expires"))
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.prefix}… ({self.user}, {', '.join(self.scopes)})"


class PasswordResetMail(models.Model):
    """One asked-for password reset: the client's address always, the account only when one was found and mailed.
    The throttle counts these rows over the last hour; rows older than a day are removed as new ones come."""

    address = models.GenericIPAddressField(db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("password reset request")
        verbose_name_plural = _("password reset requests")

    def __str__(self):
        return f"{self.address} {self.created_at:%Y-%m-%d %H:%M}"
