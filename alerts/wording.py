"""The starting wording of an alert per hazard type, one registry: CAP category, urgency/severity/certainty and the
texts (event, headline, description, instruction) in each CAP language. The texts are written per language in the
catalogues (locale/), never machine-translated; the duty officer edits them in the composer before sending."""

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext, pgettext_lazy

from hazards.models import HazardType


def _seismic() -> dict:
    return {"category": ["Geo"], "urgency": "Immediate", "severity": "Severe", "certainty": "Observed",
            "event": pgettext("alert event", "Earthquake"),
            "headline": _("Strong earthquake: aftershocks and damage possible"),
            "description": _("A strong earthquake has occurred. Aftershocks may follow; buildings, dams and slopes "
                             "in the area may be damaged."),
            "instruction": _("Stay outside damaged buildings. Keep away from slopes, river banks and dams. Follow "
                             "the instructions of the emergency services.")}


def _flood() -> dict:
    return {"category": ["Met"], "urgency": "Expected", "severity": "Severe", "certainty": "Likely",
            "event": pgettext("alert event", "Flood"),
            "headline": _("Flood danger downstream"),
            "description": _("High water is expected on the rivers of the area and downstream, across the border."),
            "instruction": _("Move people and livestock away from river banks and low ground. Prepare to evacuate "
                             "on the order of the local authorities.")}


def _mudflow() -> dict:
    return {"category": ["Geo"], "urgency": "Expected", "severity": "Severe", "certainty": "Likely",
            "event": pgettext("alert event", "Mudflow"),
            "headline": _("Mudflow danger in the valleys of the area"),
            "description": _("Heavy rain, snowmelt or a lake outburst may set off mudflows in the valleys of the "
                             "area and downstream."),
            "instruction": _("Do not stay in river beds and on alluvial fans. Leave the valley floors on the first "
                             "sign of a mudflow: a roar, muddy water, a sudden drop of the river.")}


def _landslide() -> dict:
    return {"category": ["Geo"], "urgency": "Expected", "severity": "Moderate", "certainty": "Possible",
            "event": pgettext("alert event", "Landslide"),
            "headline": _("Landslide danger on the slopes of the area"),
            "description": _("Slopes of the area are moving or may move; roads and rivers below may be blocked."),
            "instruction": _("Keep away from the foot and the top of unstable slopes. Report cracks and new springs "
                             "to the emergency services.")}


def _manmade() -> dict:
    return {"category": ["Env"], "urgency": "Expected", "severity": "Severe", "certainty": "Possible",
            "event": pgettext("alert event", "Dam or tailings failure"),
            "headline": _("Danger of a dam or tailings failure"),
            "description": _("A dam or a tailings storage facility of the area is damaged or under threat; water "
                             "and waste may reach the river and the countries downstream."),
            "instruction": _("Move away from the river and the valley below the structure. Do not use river water "
                             "until the authorities say it is safe.")}


WORDING = {HazardType.SEISMIC: _seismic, HazardType.FLOOD: _flood, HazardType.MUDFLOW: _mudflow,
           HazardType.LANDSLIDE: _landslide, HazardType.MANMADE: _manmade}


def _other() -> dict:
    return {"category": ["Other"], "urgency": "Expected", "severity": "Moderate", "certainty": "Possible",
            "event": pgettext("alert event", "Hazard"), "headline": "", "description": "", "instruction": ""}


def wording_for(hazard: str, languages: list[str]) -> dict[str, dict]:
    """The starting infos of an alert of `hazard`, one per language."""
    write = WORDING.get(hazard, _other)
    infos = {}
    for language in languages:
        with translation.override(language):
            infos[language] = write()
    return infos


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
}


def term(code: str) -> str:
    """A CAP code (category, urgency, severity, certainty) in the active language."""
    return str(TERMS.get(code, code))
