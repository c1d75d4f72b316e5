"""Whose CAP `sender` a focal point may post: a message is taken only when its sender belongs to the posting focal
point's country — the `senders` registered on any focal point of that country, plus the atlas's own sender for it
(alerts.cap.sender_for) — or when the focal point is a registered relay (`is_relay`, e.g. the regional hub
forwarding others' messages). The regional centre's own senders are its `senders` and the hub's.

Nobody vouches less than a relay for what is not a focal point's: a regional administrator posting for no focal
point, and a polled feed the administrators listed without linking it to a focal point, are taken as relays (the
administrators answer for them)."""

from django.utils.translation import gettext as _

from hazards.errors import Forbidden

from .cap import sender_for
from .models import FocalPoint


def senders_of(focal_point: FocalPoint) -> set[str]:
    """The CAP senders `focal_point` may post as itself: its country's (every focal point's `senders` and the
    atlas's own), or the regional centre's for a focal point of no country."""
    points = FocalPoint.objects.filter(country=focal_point.country) if focal_point.country_id else \
        FocalPoint.objects.filter(pk=focal_point.pk)
    registered = {sender for senders in points.values_list("senders", flat=True) for sender in senders}
    iso3 = focal_point.country.iso3 if focal_point.country is not None else None
    return {sender.lower() for sender in registered | {sender_for(iso3)}}


def sender_check(*, sender: str, focal_point: FocalPoint | None) -> None:
    """Refuse (Forbidden, 403) a message whose `sender` the posting focal point may not use; a relay, or no focal
    point (an administrator's post, an administrator's feed), may forward any sender's."""
    if focal_point is None or focal_point.is_relay or sender.lower() in senders_of(focal_point):
        return
    reason = _("%(who)s may not post messages of sender %(sender)s: it is not one of its country's senders") % {
        "who": focal_point.address, "sender": sender}
    raise Forbidden("sender_not_allowed", reason, reasons=[reason])
