"""What came in and was refused, and the external feeds the atlas pulls. Nothing received is lost: a refused
submission keeps its exact bytes, the reasons and the CAP Error answered."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .exchange import FocalPoint


class RejectedMessage(models.Model):
    """A CAP submission the inbox (or a polled feed) refused, kept as received."""

    class Source(models.TextChoices):
        INBOX = "inbox", _("inbox")
        FEED = "feed", _("external feed")

    received_at = models.DateTimeField(_("received"), auto_now_add=True, db_index=True)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices, default=Source.INBOX)
    url = models.URLField(_("address it was fetched from"), max_length=1000, blank=True)
    focal_point = models.ForeignKey(FocalPoint, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="rejected_messages", verbose_name=_("focal point"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="+", verbose_name=_("posted by"))
    data = models.BinaryField(_("bytes received"), editable=False)
    sha256 = models.CharField(_("SHA-256 of the bytes"), max_length=64, editable=False)
    error = models.CharField(_("error code"), max_length=50)
    reasons = models.JSONField(_("reasons"), default=list)
    reference = models.CharField(_("the message's sender,identifier,sent"), max_length=700, blank=True,
                                 help_text=_("empty when the message could not be read"))
    reply = models.BinaryField(_("CAP Error answered"), null=True, blank=True, editable=False)
    repeats = models.PositiveIntegerField(_("further refusals counted"), default=0,
                                          help_text=_("over the rate limit, only the first refused message of a run "
                                                      "is kept; the ones after it are counted here"))
    last_repeat_at = models.DateTimeField(_("last counted refusal"), null=True, blank=True)

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = _("rejected message")
        verbose_name_plural = _("rejected messages")

    def __str__(self) -> str:
        return f"{self.error}: {self.reference or self.sha256[:12]}"


class ExternalFeed(models.Model):
    """A CAP Atom feed of another system, polled with conditional GET; its messages take the inbox's path."""

    url = models.URLField(_("feed address"), max_length=1000, unique=True)
    focal_point = models.ForeignKey(FocalPoint, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="feeds", verbose_name=_("focal point it stands for"),
                                    help_text=_("its pinned certificate, if any, verifies the messages"))
    active = models.BooleanField(_("active"), default=True)
    etag = models.CharField(_("last ETag"), max_length=500, blank=True)
    last_modified = models.CharField(_("last Last-Modified"), max_length=100, blank=True)
    entries = models.JSONField(_("entries seen"), default=dict, blank=True,
                               help_text=_("entry id → updated, of the feed as last read"))
    last_polled_at = models.DateTimeField(_("last polled"), null=True, blank=True)
    last_ok_at = models.DateTimeField(_("last read without error"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        ordering = ["url"]
        verbose_name = _("external CAP feed")
        verbose_name_plural = _("external CAP feeds")

    def __str__(self) -> str:
        return self.url


class InboxAllowance(models.Model):
    """The inbox's rate limit of one client (a focal point, or an administrator's account posting for none): a token
    bucket kept in PostgreSQL, so every worker and host shares it. `tokens` is what was left `at`; it refills at
    CAP_INBOX_RATE a minute up to CAP_INBOX_BURST. `refusal` is the kept refusal of the current run over the limit
    (its later refusals are counted on it); cleared by the next message let through. One row per client."""

    client = models.CharField(_("client"), max_length=100, unique=True)
    tokens = models.FloatField(_("tokens left"))
    at = models.DateTimeField(_("last counted"))
    refusal = models.ForeignKey(RejectedMessage, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                verbose_name=_("kept refusal of the current run"))

    class Meta:
        verbose_name = _("inbox allowance")
        verbose_name_plural = _("inbox allowances")

    def __str__(self) -> str:
        return f"{self.client}: {self.tokens:.1f}"
