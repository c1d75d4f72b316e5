"""Mutual information between the countries: who receives the regional messages (focal points), each attempt to
reach them (deliveries), and their acknowledgements."""

import secrets

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils.translation import gettext_lazy as _

from hazards.models import Country

from .alert import Alert


def new_secret() -> str:
    return secrets.token_urlsafe(32)


class FocalPoint(models.Model):
    """A country's duty unit for regional messages (or the regional centre's). `address` is its token in CAP
    `addresses`; `user` is the account whose API token its national system uses for the inbox. A node (another
    atlas, any national system with a CAP inbox) also has the `outbound_token` its own inbox expects from us."""

    country = models.ForeignKey(Country, null=True, blank=True, on_delete=models.PROTECT,
                                related_name="focal_points", verbose_name=_("country"),
                                help_text=_("empty for the regional centre"))
    duty_unit = models.CharField(_("duty unit"), max_length=250)
    address = models.CharField(_("CAP address"), max_length=100, unique=True,
                               help_text=_("its token in CAP addresses: no spaces, e.g. kgz-mchs"))
    emails = ArrayField(models.EmailField(), default=list, blank=True, verbose_name=_("e-mail addresses"))
    webhook_url = models.URLField(_("webhook address"), max_length=500, blank=True)
    webhook_secret = models.CharField(_("webhook secret"), max_length=100, default=new_secret,
                                      help_text=_("key of the HMAC-SHA256 signature of each webhook"))
    languages = ArrayField(models.CharField(max_length=10), default=list, blank=True,
                           verbose_name=_("languages"))
    escalation_order = models.PositiveSmallIntegerField(_("order in the escalation chain"), default=1)
    is_regional_centre = models.BooleanField(_("regional centre"), default=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="focal_points", verbose_name=_("account of its system"))
    active = models.BooleanField(_("active"), default=True)
    is_relay = models.BooleanField(_("relay"), default=False, db_default=False,
                                   help_text=_("may post messages of any sender (e.g. the regional hub forwarding "
                                               "other systems' messages)"))
    senders = ArrayField(models.CharField(max_length=200), default=list, db_default=[], blank=True,
                         verbose_name=_("CAP senders of its system"),
                         help_text=_("the CAP sender values its system writes; its country's focal points may post "
                                     "messages of these senders and of the atlas's own sender for the country"))
    certificate = models.TextField(_("pinned certificate (PEM)"), blank=True,
                                   help_text=_("when set, the inbox accepts only messages of this focal point signed "
                                               "with this certificate's key"))
    outbound_token = models.CharField(
        _("outbound token"), max_length=200, blank=True,
        help_text=_("set when this focal point is a node (another atlas or a national system): the API token its "
                    "inbox (the webhook address) expects from this atlas; a secret, never shown"))
    signing_key = models.CharField(
        _("signing key for its inbox"), max_length=50, blank=True,
        help_text=_("a key of ATLAS_CAP_SIGNING the messages pushed to this node are signed with (its inbox pins "
                    "that certificate); empty: pushed as stored"))

    class Meta:
        ordering = ["country__iso3", "escalation_order", "id"]
        verbose_name = _("focal point")
        verbose_name_plural = _("focal points")

    def __str__(self) -> str:
        return f"{self.duty_unit} ({self.address})"

    @property
    def is_node(self) -> bool:
        """Whether its webhook address is another system's CAP inbox, to be posted to with our outbound token
        (alerts.push) rather than a plain webhook."""
        return bool(self.outbound_token and self.webhook_url)


class Delivery(models.Model):
    """One channel to one focal point for one message at one step: the first send (`escalation` empty) or an
    escalation step that sent it again (`escalation`). Unique per (alert, focal point, channel, step): a retried
    job updates its row and never records a second delivery, while each step has its own row, id and times (a resend
    never overwrites the first delivery's). `withdrawn`: not sent, because by its attempt the message was no longer
    in force (cancelled, superseded or expired)."""

    class Channel(models.TextChoices):
        WEBHOOK = "webhook", _("webhook")
        EMAIL = "email", _("e-mail")

    class State(models.TextChoices):
        QUEUED = "queued", _("queued")
        DELIVERED = "delivered", _("delivered")
        FAILED = "failed", _("failed")
        WITHDRAWN = "withdrawn", _("withdrawn: no longer in force")

    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, related_name="deliveries")
    focal_point = models.ForeignKey(FocalPoint, on_delete=models.PROTECT, related_name="deliveries")
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    queued_at = models.DateTimeField(_("queued"), auto_now_add=True)
    last_attempt_at = models.DateTimeField(_("last attempt"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)
    escalation = models.ForeignKey("Escalation", null=True, blank=True, on_delete=models.CASCADE,
                                   related_name="deliveries", verbose_name=_("escalation step"),
                                   help_text=_("the step that sent the message again; empty for the first send"))

    class Meta:
        ordering = ["alert", "focal_point", "channel", "id"]
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [models.UniqueConstraint(fields=["alert", "focal_point", "channel", "escalation"],
                                               nulls_distinct=False, name="delivery_unique_per_step")]

    def __str__(self) -> str:
        return f"{self.alert} → {self.focal_point.address} ({self.channel}, {self.step}): {self.state}"

    @property
    def step(self) -> str:
        """The step it belongs to: `sent` (the first send), `resent` or `next_contact`."""
        return self.escalation.step if self.escalation is not None else "sent"


class Acknowledgement(models.Model):
    """A neighbour's answer to a message: receipt (its system's CAP Ack through the inbox), operator (a duty
    officer acknowledged in the atlas or through the e-mail's link) or error (its system's CAP Error). A CAP Ack
    from a focal point the message was neither addressed nor delivered to is kept as `unaddressed`: never a
    receipt."""

    class Kind(models.TextChoices):
        RECEIPT = "receipt", _("receipt")
        OPERATOR = "operator", _("operator acknowledgement")
        ERROR = "error", _("error reported")
        UNADDRESSED = "unaddressed", _("Ack from a focal point the message was not addressed to")

    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, related_name="acknowledgements")
    focal_point = models.ForeignKey(FocalPoint, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="acknowledgements")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    message = models.ForeignKey(Alert, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                verbose_name=_("the CAP Ack or Error message"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="+")
    note = models.TextField(_("note"), blank=True)
    at = models.DateTimeField(_("time"), auto_now_add=True)

    class Meta:
        ordering = ["alert", "at"]
        verbose_name = _("acknowledgement")
        verbose_name_plural = _("acknowledgements")

    def __str__(self) -> str:
        return f"{self.kind} of {self.alert} by {self.focal_point}"


class Escalation(models.Model):
    """A step taken because a neighbour did not answer in time: the message sent again (no receipt) or the next
    contact of its chain and the regional centre notified (no operator acknowledgement). One row per step, so a
    step is taken once."""

    class Step(models.TextChoices):
        RESENT = "resent", _("sent again: no receipt")
        NEXT_CONTACT = "next_contact", _("next contact notified: no operator acknowledgement")

    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, related_name="escalations")
    focal_point = models.ForeignKey(FocalPoint, on_delete=models.PROTECT, related_name="escalations")
    step = models.CharField(_("step"), max_length=20, choices=Step.choices)
    notified = models.ManyToManyField(FocalPoint, blank=True, related_name="+", verbose_name=_("notified"))
    at = models.DateTimeField(_("time"))

    class Meta:
        ordering = ["alert", "at"]
        verbose_name = _("escalation")
        verbose_name_plural = _("escalations")
        constraints = [models.UniqueConstraint(fields=["alert", "focal_point", "step"], name="escalation_once")]

    def __str__(self) -> str:
        return f"{self.step} for {self.focal_point} on {self.alert}"
