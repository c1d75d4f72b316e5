"""CAP 1.2 alerts as the atlas keeps them: the message header, one info per language, the areas, and the reach
computed from the atlas before sending. A sent message is never edited: its exact bytes and their SHA-256 are
stored (`xml`, `sha256`); corrections are new Update or Cancel messages that reference it."""

from datetime import datetime

from django.conf import settings
from django.contrib.gis.db import models
from django.contrib.postgres.fields import ArrayField
from django.utils.translation import gettext_lazy as _

from hazards.models import Country, HazardType

# What the public feeds carry (before expiry): sent Actual Public messages of the national track.
PUBLIC_FEED = models.Q(state="sent", status="Actual", scope="Public", track="national")


class Alert(models.Model):
    class Status(models.TextChoices):
        ACTUAL = "Actual", _("actual")
        EXERCISE = "Exercise", _("exercise")
        SYSTEM = "System", _("system")
        TEST = "Test", _("test")
        DRAFT = "Draft", _("draft")

    class MsgType(models.TextChoices):
        ALERT = "Alert", _("alert")
        UPDATE = "Update", _("update")
        CANCEL = "Cancel", _("cancel")
        ACK = "Ack", _("acknowledgement")
        ERROR = "Error", _("error")

    class Scope(models.TextChoices):
        PUBLIC = "Public", _("public")
        RESTRICTED = "Restricted", _("restricted")
        PRIVATE = "Private", _("private")

    class State(models.TextChoices):
        DRAFT = "draft", _("draft")
        SENT = "sent", _("sent")
        RECEIVED = "received", _("received from another system")

    class Track(models.TextChoices):
        NATIONAL = "national", _("national public alert")
        REGIONAL = "regional", _("regional message to the neighbours")
        EXTERNAL = "external", _("message of another system")

    identifier = models.CharField(_("identifier"), max_length=200, blank=True)
    sender = models.CharField(_("sender"), max_length=200, blank=True)
    sent = models.DateTimeField(_("sent"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ACTUAL)
    msg_type = models.CharField(_("message type"), max_length=10, choices=MsgType.choices, default=MsgType.ALERT)
    scope = models.CharField(_("scope"), max_length=10, choices=Scope.choices, default=Scope.PUBLIC)
    restriction = models.CharField(_("restriction"), max_length=500, blank=True)
    addresses = models.TextField(_("addresses"), blank=True)
    references = models.TextField(_("references"), blank=True,
                                  help_text=_("sender,identifier,sent triples separated by spaces"))
    incidents = models.CharField(_("incidents"), max_length=500, blank=True)
    code = ArrayField(models.CharField(max_length=100), default=list, blank=True, verbose_name=_("codes"))
    note = models.TextField(_("note"), blank=True)
    source_country = models.ForeignKey(Country, null=True, blank=True, on_delete=models.PROTECT,
                                       related_name="alerts", verbose_name=_("issuing country"))
    hazard_type = models.ForeignKey(HazardType, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="alerts", verbose_name=_("hazard type"))
    issuer = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="alerts", verbose_name=_("issued by"))
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.DRAFT)
    track = models.CharField(_("track"), max_length=10, choices=Track.choices, default=Track.NATIONAL)
    referenced = models.ManyToManyField("self", symmetrical=False, blank=True, related_name="referenced_by",
                                        verbose_name=_("referenced messages"))
    received_from = models.ForeignKey("alerts.FocalPoint", null=True, blank=True, on_delete=models.SET_NULL,
                                      related_name="messages", verbose_name=_("received from"))
    unknown_references = models.BooleanField(_("references unknown messages"), default=False)
    intake_warnings = models.JSONField(
        _("warnings on intake"), default=list, db_default=[], blank=True, editable=False,
        help_text=_("of a received message: the profile rules it breaks and its conversion from an older CAP, each "
                    '{"ru": …, "en": …, "kk": …}'))
    expires = models.DateTimeField(_("expires"), null=True, blank=True, db_index=True,
                                   help_text=_("the latest expiry of its infos (feeds leave expired alerts out)"))
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+", verbose_name=_("approved by"),
                                    help_text=_("the second duty officer who approved the draft for sending"))
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    xml = models.BinaryField(_("CAP XML as sent"), null=True, blank=True, editable=False)
    sha256 = models.CharField(_("SHA-256 of the XML"), max_length=64, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-sent", "-id"]
        verbose_name = _("CAP alert")
        verbose_name_plural = _("CAP alerts")
        constraints = [
            # Two namespaces: ours (sent: an identifier is ours once) and each sender's of the received messages
            # (sender, identifier, sent, as CAP keys a message). A received message never blocks one of ours.
            models.UniqueConstraint(fields=["sender", "identifier", "sent"], condition=models.Q(state="received"),
                                    name="alert_unique_received_sender_identifier_sent"),
            models.UniqueConstraint(fields=["identifier"], condition=models.Q(state="sent"),
                                    name="alert_unique_identifier_sent"),
        ]
        indexes = [
            models.Index(fields=["incidents"]), models.Index(fields=["state", "status", "scope"]),
            # The public feeds' messages (alerts.selectors._public_feed_messages) by expiry: when the last one left
            # a feed (its Last-Modified) is one backward step of an index, however many alerts the years gather.
            models.Index(fields=["expires"], condition=PUBLIC_FEED, name="alert_public_feed_expires"),
            models.Index(fields=["source_country", "expires"], condition=PUBLIC_FEED,
                         name="alert_public_country_expires"),
        ]

    def __str__(self) -> str:
        return self.identifier or f"draft {self.pk}"

    @property
    def is_sent(self) -> bool:
        return self.state != self.State.DRAFT

    @property
    def sent_at(self) -> datetime:
        """`sent` of a message that has one: every sent or received message does, a draft does not (ValueError)."""
        if self.sent is None:
            raise ValueError(f"{self} has no sent time: it is a draft")
        return self.sent

    @property
    def issuing_country(self) -> Country:
        """The member country that issues the message: every draft has one (alerts.services creates drafts with their
        country and copies it into follow-ups), so sending may rely on it; ValueError for a message without one."""
        if self.source_country is None:
            raise ValueError(f"{self} has no issuing country")
        return self.source_country

    @property
    def stored_xml(self) -> bytes:
        """The exact CAP bytes of a sent or received message (ValueError for a draft, which has none yet)."""
        if self.xml is None:
            raise ValueError(f"{self} has no stored CAP bytes: it is a draft")
        return bytes(self.xml)

    def address_tokens(self) -> list[str]:
        return self.addresses.split()


class AlertInfo(models.Model):
    class Language(models.TextChoices):
        RU = "ru", _("Russian")
        EN = "en", _("English")
        KK = "kk", _("Kazakh")

    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, related_name="infos")
    language = models.CharField(_("language"), max_length=10, choices=Language.choices)
    category = ArrayField(models.CharField(max_length=10), verbose_name=_("categories"))
    event = models.CharField(_("event"), max_length=250)
    urgency = models.CharField(_("urgency"), max_length=10)
    severity = models.CharField(_("severity"), max_length=10)
    certainty = models.CharField(_("certainty"), max_length=10)
    onset = models.DateTimeField(_("onset"), null=True, blank=True)
    effective = models.DateTimeField(_("effective"), null=True, blank=True)
    expires = models.DateTimeField(_("expires"), null=True, blank=True)
    sender_name = models.CharField(_("sender name"), max_length=250, blank=True)
    headline = models.CharField(_("headline"), max_length=250, blank=True)
    description = models.TextField(_("description"), blank=True)
    instruction = models.TextField(_("instruction"), blank=True)
    web = models.URLField(_("web"), max_length=500, blank=True)
    event_code = models.JSONField(_("event codes"), default=list, blank=True,
                                  help_text=_('[{"valueName": "…", "value": "…"}]'))
    parameters = models.JSONField(_("parameters"), default=list, blank=True,
                                  help_text=_('[{"valueName": "…", "value": "…"}]'))

    class Meta:
        ordering = ["alert", "id"]
        verbose_name = _("alert info")
        constraints = [models.UniqueConstraint(fields=["alert", "language"], name="alertinfo_one_per_language")]

    def __str__(self) -> str:
        return f"{self.alert}: {self.language} {self.event}"


class AlertArea(models.Model):
    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, related_name="areas")
    area_desc = models.CharField(_("area description"), max_length=500)
    geom = models.MultiPolygonField(_("polygons"), srid=4326, null=True, blank=True)
    circles = models.JSONField(_("circles"), default=list, blank=True, help_text=_('["lat,lon radius_km", …]'))
    geocodes = models.JSONField(_("geocodes"), default=list, blank=True,
                                help_text=_('[{"valueName": "ISO3166-2", "value": "KZ-ALA"}]'))

    class Meta:
        ordering = ["alert", "id"]
        verbose_name = _("alert area")

    def __str__(self) -> str:
        return self.area_desc


class Reach(models.Model):
    """What the atlas knows the alert's area reaches, computed for the public audience (so nothing of a
    restricted layer shows in it) and kept with the alert as it was when sent."""

    alert = models.OneToOneField(Alert, on_delete=models.CASCADE, related_name="reach", primary_key=True)
    countries = ArrayField(models.CharField(max_length=3), default=list, verbose_name=_("countries touched"))
    admin_areas = models.JSONField(_("admin areas touched"), default=list)
    influence_countries = ArrayField(models.CharField(max_length=3), default=list,
                                     verbose_name=_("countries within the influence distance"))
    downstream = models.JSONField(_("countries downstream"), default=dict,
                                  help_text=_('{"UZB": [{"feature": "…", "layer": "…", "river": "…"}]}'))
    exposed = models.JSONField(_("people exposed per country"), default=dict)
    influence_km = models.FloatField(_("influence distance, km"), default=0)
    computed_at = models.DateTimeField(_("computed"), auto_now=True)

    class Meta:
        verbose_name = _("reach")

    def __str__(self) -> str:
        return f"reach of {self.alert}"

    def all_countries(self) -> list[str]:
        """Every country the alert reaches by any path, sorted."""
        return sorted({*self.countries, *self.influence_countries, *self.downstream, *self.exposed})
