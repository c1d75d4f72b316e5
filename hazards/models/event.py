"""The history of a layer: every upload, publication, rollback, failure, change of access or status and the
deletion of the layer itself, with who, when and what. Kept forever: an event outlives its layer (the layer's slug
and title are stored with it, and the link to the layer is emptied when the layer is deleted)."""

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
        MARKED_OFFICIAL = "marked_official", _("marked official")
        MARKED_PROVISIONAL = "marked_provisional", _("marked provisional")
        LAYER_DELETED = "layer_deleted", _("layer deleted")

    layer = models.ForeignKey(Layer, null=True, blank=True, on_delete=models.SET_NULL, related_name="events",
                              verbose_name=_("layer"))
    layer_slug = models.SlugField(_("layer identifier"), max_length=100, blank=True, db_index=True,
                                  help_text=_("the layer's identifier when the event was recorded"))
    layer_title = models.CharField(_("layer title"), max_length=250, blank=True,
                                   help_text=_("the layer's title when the event was recorded"))
    version = models.ForeignKey(LayerVersion, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                verbose_name=_("version"))
    version_number = models.PositiveIntegerField(_("version number"), null=True, blank=True)
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
        return f"{self.layer_slug}: {self.get_action_display()} {self.at:%Y-%m-%d %H:%M}"
