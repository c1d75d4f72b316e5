"""The history of a layer: every upload, publication, rollback and failure, with who, when and what."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .layer import Layer, LayerVersion


class LayerEvent(models.Model):
    class Action(models.TextChoices):
        UPLOADED = "uploaded", _("uploaded")
        PUBLISHED = "published", _("published")
        ROLLED_BACK = "rolled_back", _("rolled back")
        FAILED = "failed", _("failed")
        RECLASSIFIED = "reclassified", _("hazard levels re-mapped")
        DELETED = "deleted", _("version deleted")
        ACCESS_CHANGED = "access_changed", _("access changed")

    layer = models.ForeignKey(Layer, on_delete=models.CASCADE, related_name="events", verbose_name=_("layer"))
    version = models.ForeignKey(LayerVersion, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                verbose_name=_("version"))
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                             verbose_name=_("user"))
    at = models.DateTimeField(_("when"), auto_now_add=True)
    checksum = models.CharField(_("SHA-256 of the file"), max_length=64, blank=True)
    detail = models.TextField(_("detail"), blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("layer event")
        verbose_name_plural = _("layer history")

    def __str__(self):
        return f"{self.layer.slug}: {self.get_action_display()} {self.at:%Y-%m-%d %H:%M}"
