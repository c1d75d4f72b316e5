"""Uploads: a file received from an editor and the background job that turns it into a layer version."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hazards.models import Layer, LayerVersion


class Upload(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        PROCESSING = "processing", _("processing")
        READY = "ready", _("ready to publish")
        PUBLISHED = "published", _("published")
        FAILED = "failed", _("failed")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    layer = models.ForeignKey(Layer, null=True, blank=True, on_delete=models.SET_NULL, related_name="uploads",
                              verbose_name=_("layer"), help_text=_("empty until a new layer is created"))
    layer_metadata = models.JSONField(_("metadata of a new layer"), default=dict, blank=True)
    options = models.JSONField(_("options"), default=dict, blank=True,
                               help_text=_("encoding, srid, layer inside a GeoPackage, publish"))
    file = models.CharField(_("stored file"), max_length=500)
    original_name = models.CharField(_("file name"), max_length=300)
    size = models.BigIntegerField(_("size in bytes"), default=0)
    checksum = models.CharField(_("SHA-256"), max_length=64, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress, %"), default=0)
    stage = models.CharField(_("stage"), max_length=40, blank=True)
    detected = models.JSONField(_("detected"), default=dict, blank=True,
                                help_text=_("format, encoding, source CRS, delimiter, coordinate columns"))
    preview = models.JSONField(_("preview"), default=dict, blank=True)
    warnings = models.JSONField(_("warnings"), default=list, blank=True)
    errors = models.JSONField(_("errors"), default=list, blank=True)
    version = models.ForeignKey(LayerVersion, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                verbose_name=_("version"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                   verbose_name=_("uploaded by"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("upload")
        verbose_name_plural = _("uploads")

    def __str__(self):
        return f"{self.original_name} ({self.get_status_display()})"
