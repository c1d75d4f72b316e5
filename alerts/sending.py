"""Sending: one draft becomes two messages of one incident, written, validated and stored as bytes.

* the national public alert (scope Public) — the area clipped to the issuing country, for the public feeds;
* the regional message (scope Private) — the full cross-border area, addressed to the focal points of the
  countries in the reach and the regional centre, delivered by webhook and e-mail (alerts.notify).

Updates and Cancels reference every message of the incident still in force on their track. Nothing is sent
unless both messages pass the XSD and the profile rules (alerts.validation)."""

import hashlib
from datetime import datetime

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.utils.translation import gettext as _

from hazards.errors import Conflict, DomainError

from .cap import alert_xml, identifier_new, now_whole_seconds, reference_of, sender_for
from .drafts import approval_check, draft_copy, draft_locked, reach_store
from .geometry import area_clip
from .models import Alert, FocalPoint, Reach
from .notify import deliveries_queue
from .recipients import first_contacts, recipients_of, regional_centres
from .selectors import incident_in_force
from .signing import sign
from .validation import cap_errors, parse_safely


def _languages_check(alert: Alert) -> None:
    present = set(alert.infos.values_list("language", flat=True))
    missing = [language for language in settings.CAP_LANGUAGES if language not in present]
    if missing:
        raise DomainError("languages_missing", _("an info is needed in each of these languages: %(languages)s")
                          % {"languages": ", ".join(missing)})


def _recipients(alert: Alert, reach: Reach, in_force: list[Alert]) -> list[FocalPoint]:
    """The first level of the chain of each country in the reach, the regional centre, and every recipient of the
    incident's messages in force (an Update or Cancel reaches whoever the Alert reached, escalation included)."""
    countries = set(reach.all_countries()) - {alert.issuing_country.iso3}
    earlier = [point for message in in_force for point in recipients_of(message)]
    recipients = {point.pk: point for point in [*first_contacts(countries), *regional_centres(), *earlier]}
    if not any(point.is_regional_centre for point in recipients.values()):
        raise Conflict("no_regional_centre", _("no focal point of the regional centre is registered"))
    return sorted(recipients.values(), key=lambda point: point.address)


def _clip_to_country(alert: Alert) -> None:
    for area in alert.areas.all():
        if area.geom is None:
            continue
        area.geom = area_clip(area.geom, alert.issuing_country)
        if area.geom is None and not area.circles:
            area.delete()
        else:
            area.save(update_fields=["geom"])
    if not alert.areas.exists():
        raise DomainError("outside_country", _("the area does not reach into %(country)s: a national alert covers "
                                               "its own territory") % {"country": alert.issuing_country.iso3})


def _seal(alert: Alert, in_force: list[Alert]) -> None:
    """Write, validate and store the message's bytes; link the messages it references."""
    alert.references = " ".join(reference_of(message) for message in sorted(in_force, key=lambda m: m.sent_at))
    xml = alert_xml(alert)
    errors = cap_errors(parse_safely(xml))
    if errors:
        raise DomainError("invalid_cap", _("the message is not valid CAP 1.2: %(reasons)s")
                          % {"reasons": "; ".join(errors)}, reasons=errors)
    xml = sign(xml, alert.issuing_country.iso3)
    alert.xml, alert.sha256, alert.state = xml, hashlib.sha256(xml).hexdigest(), Alert.State.SENT
    alert.save()
    alert.referenced.set(in_force)


def _stamp(alert: Alert, *, sent: datetime, track: str, scope: str, incidents: str = "") -> None:
    alert.identifier = identifier_new(alert.issuing_country.iso3)
    alert.sender = sender_for(alert.issuing_country.iso3)
    alert.sent, alert.track, alert.scope = sent, track, scope
    alert.incidents = incidents or alert.incidents or alert.identifier


@transaction.atomic
def alert_send(*, alert: Alert, user: User, now: datetime | None = None) -> tuple[Alert, Alert]:
    """Send a draft at `now` (the current second by default): returns (national public alert, regional message);
    queues the notifications on commit."""
    draft = draft_locked(alert, user)
    approval_check(draft)
    _languages_check(draft)
    reach = reach_store(draft)
    national_in_force = incident_in_force(draft.incidents, Alert.Track.NATIONAL)
    regional_in_force = incident_in_force(draft.incidents, Alert.Track.REGIONAL)
    if draft.msg_type != Alert.MsgType.ALERT and not (national_in_force or regional_in_force):
        raise Conflict("not_in_force", _("nothing of this incident is in force any more (cancelled?)"))
    recipients = _recipients(draft, reach, regional_in_force)
    regional = draft_copy(draft, user, draft.msg_type, draft.note)
    sent = now.replace(microsecond=0) if now else now_whole_seconds()
    _stamp(draft, sent=sent, track=Alert.Track.NATIONAL, scope=Alert.Scope.PUBLIC)
    _clip_to_country(draft)
    _seal(draft, national_in_force)
    _stamp(regional, sent=sent, track=Alert.Track.REGIONAL, scope=Alert.Scope.PRIVATE, incidents=draft.incidents)
    regional.addresses = " ".join(point.address for point in recipients)
    _seal(regional, regional_in_force)
    Reach.objects.create(alert=regional, **{field.name: getattr(reach, field.name) for field in Reach._meta.fields
                                             if field.name not in ("alert", "computed_at")})
    deliveries_queue(regional, recipients)
    return draft, regional
