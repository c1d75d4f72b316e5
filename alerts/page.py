"""The public page of one message as data: its texts in the reader's language, CAP's codes in words, its state by
the one rule of alerts.lifecycle (with the message that took its place) and its area as GeoJSON. Who may read it is
alerts_visible's rule: Public messages for everyone, Private and Restricted ones for their addressees only."""

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from hazards.errors import NotFound

from .active import alert_area_geojson
from .lifecycle import Lifecycle, alert_lifecycle
from .models import Alert, AlertInfo
from .selectors import alert_by_identifier
from .users import AnyUser
from .wording import response_types, term

PAGED = (Alert.MsgType.ALERT, Alert.MsgType.UPDATE, Alert.MsgType.CANCEL)


@dataclass(frozen=True)
class AlertPage:
    """What the page shows of a message."""

    alert: Alert
    info: AlertInfo | None
    state: str
    state_label: str
    newer: Alert | None
    terms: dict[str, str]
    responses: list[str]
    area: dict | None

    @property
    def in_force(self) -> bool:
        return self.state == Lifecycle.IN_FORCE


def info_in(alert: Alert, language: str) -> AlertInfo | None:
    """The info of `alert` in `language`, else English, else its first."""
    infos = {info.language: info for info in alert.infos.all()}
    return infos.get(language) or infos.get("en") or next(iter(infos.values()), None)


def alert_page(user: AnyUser, identifier: str, *, language: str, now: datetime | None = None) -> AlertPage:
    """The page of the sent Alert, Update or Cancel `identifier` as `user` may read it (NotFound otherwise, and for
    answers: an Ack or an Error has no page), at `now`."""
    alert = alert_by_identifier(user, identifier)
    if alert.msg_type not in PAGED:
        raise NotFound("not_found", f"no alert {identifier}")
    state, newer = alert_lifecycle(alert, now=now or timezone.now())
    info = info_in(alert, language)
    terms = {name: term(getattr(info, name)) for name in ("severity", "urgency", "certainty")} if info else {}
    hazard = alert.hazard_type.code if alert.hazard_type else None
    responses = [term(code) for code in response_types(hazard, alert.msg_type)]
    return AlertPage(alert=alert, info=info, state=state, state_label=str(Lifecycle.LABELS.get(state, "")),
                     newer=newer, terms=terms, responses=responses, area=alert_area_geojson(alert))
