"""What a focal point's duty officer reads: the notice of a regional message (status, message type, severity,
urgency, certainty, onset and expiry, headline, the area and its map, the countries downstream, the texts) in the
focal point's language (ru, en or kk), as an e-mail and on the acknowledgement page.

The e-mail is multipart: text and HTML alternatives, the HTML with the area's map as a related PNG part (Content-ID,
shown inline by mail readers without fetching anything), and the exact CAP bytes attached. Every link is built from
the configured public address (ATLAS_PUBLIC_URL, checked at start-up), never from where the worker runs."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.message import EmailMessage
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import override

from hazards.models import Country

from .areamap import area_png
from .cap import CONTENT_TYPE
from .models import Alert, AlertInfo, Delivery, Escalation, FocalPoint
from .wording import event_type_of, term

LANGUAGES = ("ru", "en", "kk")
MAP_CID = "area-map@hazards-atlas"


def public_url(path: str) -> str:
    """`path` (absolute, from reverse()) on the atlas's public address."""
    return settings.ATLAS_PUBLIC_URL.rstrip("/") + path


def language_of(point: FocalPoint) -> str:
    """The focal point's first language among ru/en/kk (Russian when it has none)."""
    return next((code for code in point.languages if code in LANGUAGES), "ru")


def _when(value: datetime | None) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC") if value else ""


@dataclass
class Notice:
    """A regional message as its reader sees it, in one language."""

    alert: Alert
    language: str
    headline: str = ""
    event: str = ""
    event_type: str = ""
    status: str = ""
    msg_type: str = ""
    severity: str = ""
    urgency: str = ""
    certainty: str = ""
    onset: str = ""
    expires: str = ""
    description: str = ""
    instruction: str = ""
    areas: list[str] = field(default_factory=list)
    downstream: list[str] = field(default_factory=list)


def _info(alert: Alert, language: str) -> AlertInfo | None:
    infos = {info.language: info for info in alert.infos.all()}
    return infos.get(language) or infos.get("en") or next(iter(infos.values()), None)


def _downstream(alert: Alert) -> list[str]:
    """The names (active language) of the countries downstream in the message's reach."""
    reach = getattr(alert, "reach", None)
    codes = sorted(reach.downstream) if reach else []
    names = {country.iso3: country.name for country in Country.objects.filter(iso3__in=codes)}
    return [names.get(code, code) for code in codes]


def notice_for(alert: Alert, language: str) -> Notice:
    """The notice of `alert` in `language` (its info in that language, else English, else the first)."""
    with override(language):
        notice = Notice(alert=alert, language=language, status=str(alert.get_status_display()),
                        msg_type=str(alert.get_msg_type_display()),
                        event_type=event_type_of(alert.hazard_type.code if alert.hazard_type else None).term,
                        areas=[area.area_desc for area in alert.areas.all()], downstream=_downstream(alert))
        if (info := _info(alert, language)) is not None:
            notice.headline, notice.event = info.headline or info.event, info.event
            notice.severity, notice.urgency = term(info.severity), term(info.urgency)
            notice.certainty = term(info.certainty)
            notice.onset, notice.expires = _when(info.onset), _when(info.expires or alert.expires)
            notice.description, notice.instruction = info.description, info.instruction
    return notice


class RelatedEmail(EmailMultiAlternatives):
    """An e-mail whose HTML alternative carries related parts (inline images by Content-ID)."""

    def __init__(self, *args: Any, related: Sequence[tuple[bytes, str, str]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.related = list(related)  # (content, subtype of image/, Content-ID)

    def _add_bodies(self, msg: EmailMessage) -> EmailMessage:
        # Django's private hook that adds the bodies, not declared in django-stubs 6.1.
        msg = super()._add_bodies(msg)  # type: ignore[misc]
        html = next((part for part in msg.iter_parts() if part.get_content_type() == "text/html"), None)
        if html is None:
            return msg
        for content, subtype, cid in self.related:
            html.add_related(content, maintype="image", subtype=subtype, cid=f"<{cid}>",
                             disposition="inline", filename=f"area.{subtype}")
        return msg


def escalation_reason(delivery: Delivery) -> str:
    """Why an escalation step sent this message again, in the active language (empty for the first send): a duty
    officer woken by it must see at once whose silence it is about."""
    step = delivery.escalation
    if step is None:
        return ""
    if step.step == Escalation.Step.RESENT:
        return _("Sent again: no receipt from your system within %(minutes)s minutes.") % {
            "minutes": settings.CAP_RECEIPT_MINUTES}
    silent = step.focal_point
    return _("Escalation: %(unit)s (%(country)s) has not acknowledged this message within %(minutes)s minutes.") % {
        "unit": silent.duty_unit, "country": silent.country.name if silent.country is not None else "",
        "minutes": settings.CAP_OPERATOR_MINUTES}


def _subject(notice: Notice) -> str:
    return f"[CAP {notice.alert.status} · {notice.alert.msg_type}] {notice.headline or notice.alert.identifier}"


def notification_email(delivery: Delivery, body: bytes, *, ack_link: str) -> EmailMultiAlternatives:
    """The e-mail of `delivery`: the notice in the focal point's language (led, for an escalation step, by why it
    came again), the map inline, the CAP attached."""
    alert, point = delivery.alert, delivery.focal_point
    language = language_of(point)
    notice = notice_for(alert, language)
    picture = area_png(alert)
    context = {"notice": notice, "link": ack_link, "map_cid": MAP_CID if picture else None,
               "unit": point.duty_unit}
    with override(language):
        context["escalation"] = escalation_reason(delivery)
        text = render_to_string("alerts/notification_email.txt", context)
        html = render_to_string("alerts/notification_email.html", context)
        subject = ("⚠ " if context["escalation"] else "") + _subject(notice)
    message = RelatedEmail(subject=subject, body=text, to=point.emails,
                           related=[(picture, "png", MAP_CID)] if picture else [])
    message.attach_alternative(html, "text/html")
    message.attach(f"{alert.identifier.replace(':', '_')}.xml", body, CONTENT_TYPE)
    return message


def acknowledgement_link(token: str) -> str:
    """The public URL of the acknowledgement page of a delivery's signed token."""
    return public_url(reverse("cap-acknowledge", args=[token]))


def map_link(token: str) -> str:
    """The public URL of the area's map of a delivery's signed token."""
    return public_url(reverse("cap-acknowledge-map", args=[token]))

