"""Drafts as the services and sending share them: the draft locked for editing or sending, the copy that starts an
Update, a Cancel or the regional message, the approval rule and the stored reach."""

from django.conf import settings
from django.contrib.auth.models import AnonymousUser, User
from django.contrib.gis.geos import MultiPolygon
from django.utils.translation import gettext as _

from hazards.access import can_issue_alerts
from hazards.errors import Conflict, Forbidden

from .models import Alert, Reach
from .reach import reach_compute


def draft_locked(alert: Alert, user: User | AnonymousUser) -> Alert:
    """`alert` read again under a row lock, still a draft (Conflict once sent) of a country `user` may issue alerts
    for (Forbidden otherwise)."""
    alert = Alert.objects.select_for_update().get(pk=alert.pk)
    if alert.state != Alert.State.DRAFT:
        raise Conflict("already_sent", _("a sent message is never edited: send an Update or a Cancel"))
    if not can_issue_alerts(user, alert.source_country):
        raise Forbidden("not_issuer", _("you may not edit alerts of %(iso3)s") % {"iso3": alert.issuing_country.iso3})
    return alert


def draft_copy(source: Alert, user: User, msg_type: str, note: str) -> Alert:
    """A new draft of `source`'s incident by `user`, of `msg_type`, with `note` and copies of its infos and areas."""
    draft = Alert.objects.create(source_country=source.source_country, hazard_type=source.hazard_type, issuer=user,
                                 status=source.status, msg_type=msg_type, incidents=source.incidents,
                                 note=note, code=source.code, expires=source.expires)
    for info in source.infos.all():
        info.pk, info.alert = None, draft
        info.save()
    for area in source.areas.all():
        area.pk, area.alert = None, draft
        area.save()
    return draft


def _union(polygons: list) -> MultiPolygon:
    """One valid MultiPolygon of the areas' polygons: areas may overlap (a drawn zone and a picked region), and a
    collection of overlapping polygons is not a valid MultiPolygon for GEOS."""
    union = MultiPolygon(polygons, srid=4326).unary_union
    return union if isinstance(union, MultiPolygon) else MultiPolygon(union, srid=4326)


def reach_store(alert: Alert) -> Reach:
    """Compute the reach of the alert's full area (the union of its polygons) and keep it with the alert."""
    polygons = [polygon for area in alert.areas.all() if area.geom for polygon in area.geom]
    km = alert.hazard_type.influence_km if alert.hazard_type is not None else 0
    values = reach_compute(_union(polygons), km) if polygons else {}
    reach, _created = Reach.objects.update_or_create(alert=alert, defaults=values)
    return reach


def approval_check(alert: Alert) -> None:
    """With CAP_REQUIRE_APPROVAL, a draft is sent only once approved (a Cancel is never held back)."""
    if settings.CAP_REQUIRE_APPROVAL and alert.msg_type != Alert.MsgType.CANCEL and alert.approved_by_id is None:
        raise Conflict("approval_required", _("a second duty officer must approve this draft before it is sent"))
