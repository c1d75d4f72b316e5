"""Input and output shapes of the alerts API. Inputs validate only; alerts.services does the work."""

import re

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework_gis.fields import GeometryField

from alerts.models import Acknowledgement, Alert, AlertArea, AlertInfo, Delivery, FocalPoint, Reach
from alerts.reach import reach_by_river

CATEGORIES = ["Geo", "Met", "Safety", "Security", "Rescue", "Fire", "Health", "Env", "Transport", "Infra",
              "CBRNE", "Other"]
URGENCY = ["Immediate", "Expected", "Future", "Past", "Unknown"]
SEVERITY = ["Extreme", "Severe", "Moderate", "Minor", "Unknown"]
CERTAINTY = ["Observed", "Likely", "Possible", "Unlikely", "Unknown"]


# What XML 1.0 (and so lxml, writing the CAP message) cannot hold: control characters but tab, LF and CR; lone
# surrogates; U+FFFE and U+FFFF.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text_validator(value: str) -> None:
    """Refuses text the CAP message cannot carry (a 400 naming the field, where lxml's ValueError was a 500)."""
    if NOT_XML.search(value):
        raise serializers.ValidationError(_("control characters are not allowed in the text of a CAP message"),
                                          code="not_xml_text")


class CapText(serializers.CharField):
    """A text of a CAP message: DRF's CharField that also refuses what XML cannot hold."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.validators.append(xml_text_validator)


class ValuePair(serializers.Serializer):
    valueName = CapText(max_length=100)  # CAP's own name
    value = CapText(max_length=500)


class InfoIn(serializers.Serializer):
    language = serializers.ChoiceField(choices=AlertInfo.Language.choices)
    category = serializers.ListField(child=serializers.ChoiceField(choices=CATEGORIES), min_length=1)
    event = CapText(max_length=250)
    urgency = serializers.ChoiceField(choices=URGENCY)
    severity = serializers.ChoiceField(choices=SEVERITY)
    certainty = serializers.ChoiceField(choices=CERTAINTY)
    onset = serializers.DateTimeField(required=False, allow_null=True)
    effective = serializers.DateTimeField(required=False, allow_null=True)
    expires = serializers.DateTimeField(required=False, allow_null=True)
    sender_name = CapText(max_length=250, required=False, allow_blank=True)
    headline = CapText(max_length=250, required=False, allow_blank=True)
    description = CapText(required=False, allow_blank=True)
    instruction = CapText(required=False, allow_blank=True)
    web = serializers.URLField(max_length=500, required=False, allow_blank=True)
    event_code = ValuePair(many=True, required=False)
    parameters = ValuePair(many=True, required=False)


class FeaturesIn(serializers.Serializer):
    layer = serializers.SlugField(help_text=_("slug of a public layer"))
    ids = serializers.ListField(child=serializers.IntegerField(min_value=1), min_length=1, max_length=500,
                                help_text=_("feature numbers (id) of the layer"))
    buffer_km = serializers.FloatField(min_value=0, max_value=500, default=0,
                                       help_text=_("buffer around points and lines, km"))


class AreaIn(serializers.Serializer):
    area_desc = CapText(max_length=500)
    geometry = serializers.JSONField(required=False, help_text=_("GeoJSON Polygon or MultiPolygon, lon/lat"))
    admin_areas = serializers.ListField(child=CapText(max_length=40), required=False,
                                        help_text=_("codes of admin areas (ISO 3166-2, KATO …)"))
    features = FeaturesIn(required=False, help_text=_("features of an atlas layer: a dam, a lake, a fault"))
    circles = serializers.ListField(child=serializers.RegexField(r"^-?\d+(\.\d+)?,-?\d+(\.\d+)?\s+\d+(\.\d+)?$"),
                                    required=False, help_text=_('"lat,lon radius_km"'))
    geocodes = ValuePair(many=True, required=False)


class DraftIn(serializers.Serializer):
    country = CapText(max_length=3, help_text=_("ISO3 code of the issuing country"))
    hazard = CapText(max_length=40, required=False, help_text=_("hazard type code, e.g. flood"))
    status = serializers.ChoiceField(choices=Alert.Status.choices, default=Alert.Status.ACTUAL)
    note = CapText(required=False, allow_blank=True, default="")
    infos = InfoIn(many=True, min_length=1)
    areas = AreaIn(many=True, min_length=1)


class DraftEdit(serializers.Serializer):
    note = CapText(required=False, allow_blank=True)
    infos = InfoIn(many=True, min_length=1, required=False)
    areas = AreaIn(many=True, min_length=1, required=False)


class NoteIn(serializers.Serializer):
    note = CapText(required=False, allow_blank=True, default="")


class InfoOut(serializers.ModelSerializer):
    # An address or "": the model's URLField would be documented as two oneOf branches that "" both matches.
    web = serializers.CharField(read_only=True, help_text="the alert's page (URL), or empty")

    class Meta:
        model = AlertInfo
        exclude = ["id", "alert"]


class AreaOut(serializers.ModelSerializer):
    geometry = GeometryField(source="geom", read_only=True)

    class Meta:
        model = AlertArea
        fields = ["area_desc", "geometry", "circles", "geocodes"]


class RiverReachOut(serializers.Serializer):
    river = serializers.CharField(help_text="the river in the request's language (empty: not on a named river)")
    objects = serializers.ListField(child=serializers.CharField(), help_text="each object once, sorted")
    countries = serializers.ListField(child=serializers.CharField(), help_text="ISO3 codes downstream")


class ReachOut(serializers.ModelSerializer):
    downstream_by_river = serializers.SerializerMethodField(
        help_text="the objects downstream once each (across layers and countries), grouped by river")

    class Meta:
        model = Reach
        exclude = ["alert"]

    @extend_schema_field(RiverReachOut(many=True))
    def get_downstream_by_river(self, reach) -> list[dict]:
        country = reach.alert.source_country
        return reach_by_river(reach.downstream, issuer=country.iso3 if country else None, language=get_language())


class DeliveryOut(serializers.ModelSerializer):
    focal_point = serializers.CharField(source="focal_point.address")
    step = serializers.ChoiceField(choices=["sent", "resent", "next_contact"], read_only=True,
                                   help_text=_("the first send, or the escalation step that sent it again"))

    class Meta:
        model = Delivery
        fields = ["focal_point", "channel", "step", "state", "attempts", "last_error", "queued_at",
                  "last_attempt_at", "delivered_at"]


class AcknowledgementOut(serializers.ModelSerializer):
    focal_point = serializers.CharField(source="focal_point.address", default=None)
    message = serializers.CharField(source="message.identifier", default=None,
                                    help_text=_("identifier of the CAP Ack or Error message"))
    message_sha256 = serializers.CharField(source="message.sha256", default=None)

    class Meta:
        model = Acknowledgement
        fields = ["kind", "focal_point", "message", "message_sha256", "note", "at"]


class AlertOut(serializers.ModelSerializer):
    country = serializers.CharField(source="source_country.iso3", default=None)
    hazard = serializers.CharField(source="hazard_type.code", default=None)
    cap_url = serializers.SerializerMethodField()
    approved_by = serializers.CharField(source="approved_by.username", default=None, allow_null=True)

    class Meta:
        model = Alert
        fields = ["id", "identifier", "sender", "sent", "status", "msg_type", "scope", "restriction", "addresses",
                  "references", "incidents", "code", "note", "country", "hazard", "state", "track", "expires",
                  "unknown_references", "sha256", "cap_url", "approved_by", "approved_at"]

    def get_cap_url(self, alert) -> str | None:
        if alert.state != Alert.State.SENT:
            return None
        return self.context["request"].build_absolute_uri(f"/cap/alerts/{alert.identifier}.xml")


class AlertDetailOut(AlertOut):
    infos = InfoOut(many=True, read_only=True)
    areas = AreaOut(many=True, read_only=True)
    reach = ReachOut(read_only=True, default=None)
    deliveries = DeliveryOut(many=True, read_only=True)
    acknowledgements = AcknowledgementOut(many=True, read_only=True)

    class Meta(AlertOut.Meta):
        fields = [*AlertOut.Meta.fields, "infos", "areas", "reach", "deliveries", "acknowledgements"]


class SentOut(serializers.Serializer):
    national = AlertDetailOut()
    regional = AlertDetailOut()


class FocalPointSerializer(serializers.ModelSerializer):
    country = serializers.SlugRelatedField(slug_field="iso3", read_only=True, allow_null=True)
    webhook_url = serializers.CharField(read_only=True, help_text="the system's webhook address (URL), or empty")

    class Meta:
        model = FocalPoint
        fields = ["id", "country", "duty_unit", "address", "emails", "webhook_url", "languages",
                  "escalation_order", "is_regional_centre", "active", "certificate", "senders", "is_relay"]


class FocalPointIn(serializers.Serializer):
    """A focal point to register or change (PATCH: only the fields given). `country` is an ISO3 code (none for the
    regional centre), `user` the username of the account whose API token its system uses."""

    country = CapText(max_length=3, required=False, allow_blank=True, allow_null=True,
                      help_text=_("ISO3 code of the member, empty for the regional centre"))
    duty_unit = CapText(max_length=250)
    address = serializers.RegexField(r"^[^\s,<&]+$", max_length=100,
                                     help_text=_("its token in CAP addresses: no spaces, e.g. kgz-mchs"))
    emails = serializers.ListField(child=serializers.EmailField(), required=False)
    webhook_url = serializers.URLField(max_length=500, required=False, allow_blank=True)
    languages = serializers.ListField(child=serializers.ChoiceField(choices=AlertInfo.Language.choices),
                                      required=False)
    escalation_order = serializers.IntegerField(min_value=1, max_value=32767, required=False)
    is_regional_centre = serializers.BooleanField(required=False)
    active = serializers.BooleanField(required=False)
    certificate = CapText(required=False, allow_blank=True)
    senders = serializers.ListField(child=serializers.RegexField(r"^[^\s,<&]+$", max_length=200), required=False,
                                    help_text=_("the CAP senders its system posts as (the inbox refuses others)"))
    is_relay = serializers.BooleanField(
        required=False, help_text=_("a relay (e.g. the regional hub) may forward any sender's messages"))
    user = serializers.CharField(max_length=150, required=False, allow_blank=True, allow_null=True,
                                 help_text=_("username of the account of its system"))
