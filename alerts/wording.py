"""The starting wording of an alert per hazard type, one registry: CAP category, urgency/severity/certainty, the
event type of the OASIS Event Terms List (OET v1.2, the list the WMO CAP Composer and the WMO Alert Hub's sources use
for `eventCode`, vendored in fixtures/cap/) and the texts (event, headline, description, instruction) in each CAP
language. The texts are written per language in the catalogues (locale/), never machine-translated; the duty
officer edits them in the composer before sending."""

import csv
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from hazards.models import HazardType


def _texts(event: Promise, headline: str | Promise, description: str | Promise, instruction: str | Promise) -> dict:
    return {"event": event, "headline": headline, "description": description, "instruction": instruction}


WORDING = {
    HazardType.SEISMIC: {
        "category": ["Geo"], "urgency": "Immediate", "severity": "Severe", "certainty": "Observed", **_texts(
            pgettext_lazy("alert event", "Earthquake"),
            _("Strong earthquake: aftershocks and damage possible"),
            _("A strong earthquake has occurred. Aftershocks may follow; buildings, dams and slopes in the area may "
              "be damaged."),
            _("Stay outside damaged buildings. Keep away from slopes, river banks and dams. Follow the instructions "
              "of the emergency services."))},
    HazardType.FLOOD: {
        "category": ["Met"], "urgency": "Expected", "severity": "Severe", "certainty": "Likely", **_texts(
            pgettext_lazy("alert event", "Flood"),
            _("Flood danger downstream"),
            _("High water is expected on the rivers of the area and downstream, across the border."),
            _("Move people and livestock away from river banks and low ground. Prepare to evacuate on the order of "
              "the local authorities."))},
    HazardType.MUDFLOW: {
        "category": ["Geo"], "urgency": "Expected", "severity": "Severe", "certainty": "Likely", **_texts(
            pgettext_lazy("alert event", "Mudflow"),
            _("Mudflow danger in the valleys of the area"),
            _("Heavy rain, snowmelt or a lake outburst may set off mudflows in the valleys of the area and "
              "downstream."),
            _("Do not stay in river beds and on alluvial fans. Leave the valley floors on the first sign of a "
              "mudflow: a roar, muddy water, a sudden drop of the river."))},
    HazardType.LANDSLIDE: {
        "category": ["Geo"], "urgency": "Expected", "severity": "Moderate", "certainty": "Possible", **_texts(
            pgettext_lazy("alert event", "Landslide"),
            _("Landslide danger on the slopes of the area"),
            _("Slopes of the area are moving or may move; roads and rivers below may be blocked."),
            _("Keep away from the foot and the top of unstable slopes. Report cracks and new springs to the "
              "emergency services."))},
    HazardType.MANMADE: {
        "category": ["Env"], "urgency": "Expected", "severity": "Severe", "certainty": "Possible", **_texts(
            pgettext_lazy("alert event", "Dam or tailings failure"),
            _("Danger of a dam or tailings failure"),
            _("A dam or a tailings storage facility of the area is damaged or under threat; water and waste may "
              "reach the river and the countries downstream."),
            _("Move away from the river and the valley below the structure. Do not use river water until the "
              "authorities say it is safe."))},
}
OTHER = {"category": ["Other"], "urgency": "Expected", "severity": "Moderate", "certainty": "Possible",
         **_texts(pgettext_lazy("alert event", "Hazard"), "", "", "")}


# CAP responseType: what the public is told to do, per hazard type (an Alert or Update); a Cancel says AllClear.
RESPONSE_TYPES = {
    HazardType.SEISMIC: ["Avoid", "Monitor"],
    HazardType.FLOOD: ["Prepare", "Avoid"],
    HazardType.MUDFLOW: ["Avoid", "Prepare"],
    HazardType.LANDSLIDE: ["Avoid", "Monitor"],
    HazardType.MANMADE: ["Avoid", "Prepare"],
}
OTHER_RESPONSE_TYPES = ["Monitor"]
CANCEL_RESPONSE_TYPES = ["AllClear"]


def response_types(hazard: str | None, msg_type: str) -> list[str]:
    """The CAP responseType values of a message of `hazard` and `msg_type`: AllClear for a Cancel, else the hazard
    type's (Monitor for a hazard type the registry does not know)."""
    if msg_type == "Cancel":
        return list(CANCEL_RESPONSE_TYPES)
    if hazard is None:
        return list(OTHER_RESPONSE_TYPES)
    return list(RESPONSE_TYPES.get(hazard, OTHER_RESPONSE_TYPES))


def wording_for(hazard: str, languages: list[str]) -> dict[str, dict]:
    """The starting infos of an alert of `hazard`, one per language, each with the hazard's eventCode."""
    wording = WORDING.get(hazard, OTHER)
    infos = {}
    for language in languages:
        with translation.override(language):
            infos[language] = {key: value if isinstance(value, list) else str(value) for key, value in wording.items()}
            infos[language]["event_code"] = [event_code_of(hazard)]
    return infos


EVENT_TERMS_FILE = Path(settings.BASE_DIR) / "fixtures" / "cap" / "oet-v1.2.csv"
EVENT_CODE_NAME = "OET:v1.2"  # the valueName the list prescribes for its codes


@dataclass(frozen=True)
class EventType:
    code: str  # OET-nnn
    term: str  # the list's English term
    categories: tuple[str, ...]


def _event_terms() -> dict[str, EventType]:
    with EVENT_TERMS_FILE.open(encoding="utf-8", newline="") as rows:
        return {row["code"]: EventType(row["code"], row["term"], tuple(row["categories"].split()))
                for row in csv.DictReader(rows)}


EVENT_TERMS = _event_terms()
# Each hazard type's event type. A GLOF is a flash flood from a natural dam; a mudflow (sel) is a debris flow; the
# man-made type of the atlas is the failure of a dam or a tailings dam.
EVENT_TYPES = {
    HazardType.SEISMIC: "OET-068", HazardType.FLOOD: "OET-081", HazardType.MUDFLOW: "OET-056",
    HazardType.LANDSLIDE: "OET-119", HazardType.MANMADE: "OET-052", "avalanche": "OET-018", "glof": "OET-079",
    "drought": "OET-063",
}
OTHER_EVENT = "OET-000"


def event_type_of(hazard: str | None) -> EventType:
    """The OET event type of a hazard type code (`other event` for none or one the registry does not know)."""
    return EVENT_TERMS[EVENT_TYPES.get(hazard or "", OTHER_EVENT)]


def event_code_of(hazard: str | None) -> dict:
    """The CAP eventCode pair of a hazard type: {"valueName": "OET:v1.2", "value": "OET-nnn"}."""
    return {"valueName": EVENT_CODE_NAME, "value": event_type_of(hazard).code}


def event_codes_with(codes: list[dict] | None, hazard: str | None) -> list[dict]:
    """`codes` with the hazard type's OET code in place of any OET code given: every info of a message carries the
    same event type, the one of its hazard type."""
    return [code for code in codes or [] if code.get("valueName") != EVENT_CODE_NAME] + [event_code_of(hazard)]


# CAP's codes as people read them (the codes themselves stay in the messages).
TERMS = {
    # categories
    "Geo": pgettext_lazy("CAP category", "Geophysical"), "Met": pgettext_lazy("CAP category", "Meteorological"),
    "Safety": pgettext_lazy("CAP category", "Public safety"), "Security": pgettext_lazy("CAP category", "Security"),
    "Rescue": pgettext_lazy("CAP category", "Rescue and recovery"), "Fire": pgettext_lazy("CAP category", "Fire"),
    "Health": pgettext_lazy("CAP category", "Health"), "Env": pgettext_lazy("CAP category", "Environment"),
    "Transport": pgettext_lazy("CAP category", "Transport"), "Infra": pgettext_lazy("CAP category", "Infrastructure"),
    "CBRNE": pgettext_lazy("CAP category", "Chemical, biological, radiological, nuclear or explosive"),
    "Other": pgettext_lazy("CAP category", "Other"),
    # urgency
    "Immediate": pgettext_lazy("CAP urgency", "Immediate"), "Expected": pgettext_lazy("CAP urgency", "Expected"),
    "Future": pgettext_lazy("CAP urgency", "Future"), "Past": pgettext_lazy("CAP urgency", "Past"),
    # severity
    "Extreme": pgettext_lazy("CAP severity", "Extreme"), "Severe": pgettext_lazy("CAP severity", "Severe"),
    "Moderate": pgettext_lazy("CAP severity", "Moderate"), "Minor": pgettext_lazy("CAP severity", "Minor"),
    # certainty
    "Observed": pgettext_lazy("CAP certainty", "Observed"), "Likely": pgettext_lazy("CAP certainty", "Likely"),
    "Possible": pgettext_lazy("CAP certainty", "Possible"), "Unlikely": pgettext_lazy("CAP certainty", "Unlikely"),
    "Unknown": pgettext_lazy("CAP term", "Unknown"),
    # response types
    "Shelter": pgettext_lazy("CAP response type", "Take shelter"),
    "Evacuate": pgettext_lazy("CAP response type", "Evacuate"),
    "Prepare": pgettext_lazy("CAP response type", "Prepare"),
    "Execute": pgettext_lazy("CAP response type", "Execute the planned action"),
    "Avoid": pgettext_lazy("CAP response type", "Avoid the area"),
    "Monitor": pgettext_lazy("CAP response type", "Follow the news"),
    "Assess": pgettext_lazy("CAP response type", "Assess the situation"),
    "AllClear": pgettext_lazy("CAP response type", "All clear"),
    "None": pgettext_lazy("CAP response type", "No action needed"),
}


def term(code: str) -> str:
    """A CAP code (category, urgency, severity, certainty, response type) in the active language."""
    return str(TERMS.get(code, code))
