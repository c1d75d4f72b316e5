"""Writing alerts: drafts (infos and areas), their reach, updates and cancellations as new drafts of the same
incident, operator acknowledgements, and the focal-point registry. Sending is alerts.sending.alert_send."""

from datetime import datetime

from django.conf import settings
from django.contrib.auth.models import User
from django.contrib.gis.geos import MultiPolygon
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hazards.access import can_issue_alerts, is_admin
from hazards.errors import Conflict, DomainError, Forbidden
from hazards.models import Country, HazardType

from .drafts import draft_copy, draft_locked, reach_store
from .geometry import area_from_admin_areas, area_from_features, area_from_geojson
from .models import Acknowledgement, Alert, AlertArea, AlertInfo, FocalPoint, Reach
from .recipients import recipients_of
from .replies import ack_message
from .selectors import incident_in_force
from .sending import alert_send
from .users import AnyUser
from .wording import event_codes_with

INFO_FIELDS = ("category", "event", "urgency", "severity", "certainty", "onset", "effective", "expires",
               "sender_name", "headline", "description", "instruction", "web", "event_code", "parameters")


def _whole_seconds(value: datetime | None) -> datetime | None:
    return value.replace(microsecond=0) if value is not None else None


def _infos_set(alert: Alert, infos: list[dict]) -> None:
    languages = [info["language"] for info in infos]
    if len(set(languages)) != len(languages):
        raise DomainError("duplicate_language", _("each language may have one info only"))
    alert.infos.all().delete()
    hazard = alert.hazard_type.code if alert.hazard_type is not None else None
    for info in infos:
        values = {name: info[name] for name in INFO_FIELDS if name in info}
        values["event_code"] = event_codes_with(values.get("event_code"), hazard)  # the WMO/OASIS event type
        for name in ("onset", "effective", "expires"):
            values[name] = _whole_seconds(values.get(name))
        AlertInfo.objects.create(alert=alert, language=info["language"], **values)
    expires = [value for info in infos if (value := info.get("expires"))]
    alert.expires = _whole_seconds(max(expires)) if expires else None
    alert.save(update_fields=["expires"])


def _area_geometry(area: dict) -> MultiPolygon | None:
    if area.get("geometry"):
        return area_from_geojson(area["geometry"])
    if area.get("admin_areas"):
        return area_from_admin_areas(area["admin_areas"])
    if features := area.get("features"):
        return area_from_features(features["layer"], features["ids"], buffer_km=features.get("buffer_km", 0))
    return None


def _areas_set(alert: Alert, areas: list[dict]) -> None:
    if not areas:
        raise DomainError("area_required", _("an alert needs at least one area"))
    alert.areas.all().delete()
    for area in areas:
        geom = _area_geometry(area)
        if geom is None and not area.get("circles"):
            raise DomainError("area_required", _("each area needs a polygon, admin areas or circles"))
        geocodes = list(area.get("geocodes") or [])
        geocodes += [{"valueName": "ATLAS-ADMIN-AREA", "value": code} for code in area.get("admin_areas") or []]
        AlertArea.objects.create(alert=alert, area_desc=area["area_desc"], geom=geom,
                                 circles=area.get("circles") or [], geocodes=geocodes)


def _country_for(user: User, iso3: str) -> Country:
    country = Country.objects.filter(iso3=(iso3 or "").upper(), is_member=True).first()
    if country is None:
        raise DomainError("unknown_country", _("unknown member country %(iso3)s") % {"iso3": iso3})
    if not can_issue_alerts(user, country):
        raise Forbidden("not_issuer", _("you may not issue alerts for %(iso3)s") % {"iso3": country.iso3})
    return country


@transaction.atomic
def alert_draft_create(*, user: User, country: str, infos: list[dict], areas: list[dict], hazard: str | None = None,
                       status: str = Alert.Status.ACTUAL, note: str = "", code: list[str] | None = None) -> Alert:
    """A new draft alert of `country` (the user must be its duty officer or a regional administrator)."""
    source = _country_for(user, country)
    hazard_type = None
    if hazard:
        hazard_type = HazardType.objects.filter(code=hazard).first()
        if hazard_type is None:
            raise DomainError("unknown_hazard", _("unknown hazard type %(code)s") % {"code": hazard})
    alert = Alert.objects.create(source_country=source, hazard_type=hazard_type, issuer=user, status=status,
                                 note=note, code=code or list(settings.CAP_CODES))
    _infos_set(alert, infos)
    _areas_set(alert, areas)
    return alert


@transaction.atomic
def alert_draft_edit(*, alert: Alert, user: User, infos: list[dict] | None = None, areas: list[dict] | None = None,
                     note: str | None = None) -> Alert:
    """Replace a draft's infos, areas or note (a sent message is refused)."""
    alert = draft_locked(alert, user)
    if infos is not None:
        _infos_set(alert, infos)
    if areas is not None:
        _areas_set(alert, areas)
    if note is not None:
        alert.note = note
    alert.approved_by = alert.approved_at = None  # what was approved has changed
    alert.save(update_fields=["note", "approved_by", "approved_at"])
    return alert


@transaction.atomic
def alert_reach(*, alert: Alert, user: User) -> Reach:
    """(Re)compute a draft's reach; a sent alert keeps the reach it was sent with."""
    if alert.state == Alert.State.DRAFT:
        draft_locked(alert, user)
        return reach_store(alert)
    return alert.reach


def _follow_up(alert: Alert, user: User, msg_type: str) -> tuple[list[Alert], Alert]:
    """The messages of `alert`'s incident still in force and the one to copy, after the sender check."""
    if alert.state != Alert.State.SENT:
        raise Conflict("not_sent", _("only a sent alert can be updated or cancelled"))
    if not can_issue_alerts(user, alert.source_country):
        raise Forbidden("not_original_sender",
                        _("only the original sender's country may update or cancel this alert"))
    in_force = incident_in_force(alert.incidents, Alert.Track.REGIONAL) + \
        incident_in_force(alert.incidents, Alert.Track.NATIONAL)
    if not in_force:
        raise Conflict("not_in_force", _("nothing of this incident is in force any more (cancelled?)"))
    return in_force, in_force[0]


@transaction.atomic
def alert_update_draft(*, alert: Alert, user: User, infos: list[dict] | None = None, areas: list[dict] | None = None,
                       note: str = "") -> Alert:
    """A draft Update of `alert`'s incident, starting from its latest full-area message; send it to issue."""
    _in_force, latest = _follow_up(alert, user, Alert.MsgType.UPDATE)
    draft = draft_copy(latest, user, Alert.MsgType.UPDATE, note)
    if infos is not None:
        _infos_set(draft, infos)
    if areas is not None:
        _areas_set(draft, areas)
    return draft


@transaction.atomic
def alert_cancel(*, alert: Alert, user: User, note: str = "",
                 now: datetime | None = None) -> tuple[Alert, Alert | None]:
    """Cancel `alert`'s incident at `now`: Cancel messages on both tracks referencing every message still in
    force."""
    _in_force, latest = _follow_up(alert, user, Alert.MsgType.CANCEL)
    draft = draft_copy(latest, user, Alert.MsgType.CANCEL, note or _("The alert is cancelled."))
    return alert_send(alert=draft, user=user, now=now)


def _acknowledgeable(alert: Alert) -> bool:
    """Our sent regional messages, and the Alerts, Updates and Cancels a neighbour's system (a node) sent us."""
    if alert.state == Alert.State.RECEIVED:
        return alert.msg_type in (Alert.MsgType.ALERT, Alert.MsgType.UPDATE, Alert.MsgType.CANCEL)
    return alert.state == Alert.State.SENT and alert.track == Alert.Track.REGIONAL


@transaction.atomic
def acknowledgement_operator(*, alert: Alert, user: AnyUser, note: str = "",
                             focal_point: FocalPoint | None = None) -> tuple[Acknowledgement, bool]:
    """A duty officer of a recipient focal point (addressed, or reached by an escalation step) acknowledges a
    regional message, ours or one a node sent us (in the atlas or by the e-mail's link): records the CAP Ack
    (alerts.replies.ack_message) with the acknowledgement. Once per focal point (per user for a regional
    administrator acting for none): returns (acknowledgement, created)."""
    if not _acknowledgeable(alert):
        raise Conflict("not_acknowledgeable", _("only a sent regional message can be acknowledged"))
    account = user if isinstance(user, User) else None  # signed in, or an e-mail link's visitor
    addressed = recipients_of(alert)
    if focal_point is None and account is not None:
        focal_point = addressed.filter(user=account).first()
    if (focal_point is None or focal_point not in addressed) and not is_admin(user):
        raise Forbidden("not_addressed", _("only an addressed focal point may acknowledge this message"))
    Alert.objects.select_for_update().get(pk=alert.pk)  # two presses at once make one Ack
    earlier = alert.acknowledgements.filter(kind=Acknowledgement.Kind.OPERATOR, focal_point=focal_point)
    if focal_point is None:
        earlier = earlier.filter(user=account)
    if (existing := earlier.first()) is not None:
        return existing, False
    message = ack_message(alert=alert, focal_point=focal_point, note=note, user=account)
    return Acknowledgement.objects.create(alert=alert, focal_point=focal_point, kind=Acknowledgement.Kind.OPERATOR,
                                          user=account, note=note, message=message), True


@transaction.atomic
def alert_approve(*, alert: Alert, user: User) -> Alert:
    """A second duty officer of the draft's country (or a regional administrator) approves it for sending; the
    author of the draft may not approve it."""
    alert = draft_locked(alert, user)
    if alert.issuer_id is not None and alert.issuer_id == user.pk:
        raise Forbidden("own_draft", _("a draft must be approved by another duty officer, not by its author"))
    alert.approved_by, alert.approved_at = user, timezone.now()
    alert.save(update_fields=["approved_by", "approved_at"])
    return alert
