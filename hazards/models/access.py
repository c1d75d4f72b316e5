"""Who may do what: one role per user, and the country an editor works for."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .geography import Country


class Membership(models.Model):
    class Role(models.TextChoices):
        ADMIN = "admin", _("regional administrator")
        EDITOR = "editor", _("country editor")
        ANALYST = "analyst", _("analyst")
        ISSUER = "issuer", _("duty officer (issues alerts)")

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="membership",
                                verbose_name=_("user"))
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)
    country = models.ForeignKey(
        Country, null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("country"),
        help_text=_("the country an editor publishes for or a duty officer issues alerts for"))

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(role="editor") | models.Q(country__isnull=False),
                name="membership_editor_has_country",
            ),
            models.CheckConstraint(
                condition=~models.Q(role="issuer") | models.Q(country__isnull=False),
                name="membership_issuer_has_country",
            ),
        ]

    def __str__(self):
        country = f" ({self.country.iso3})" if self.country_id else ""
        return f"{self.user}: {self.get_role_display()}{country}"
