"""The active alerts as a collection of the map, OGC API and tiles: one selector (`alerts.active.alerts_active`) for
the user of the request, texts in the requested language (`?lang=`, else the request's: cookie or Accept-Language),
answers cached by the browser only (they depend on who asks)."""

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from alerts.active import FIELDS, active_rows
from serving.errors import ParamError

COLLECTION = "alerts"
VARY = "Cookie, Authorization, Accept-Language"


def request_language(request) -> str:
    """`?lang=` when given (ru, en or kk; anything else is a 400), else the language of the request."""
    lang = request.GET.get("lang")
    if lang is None:
        return translation.get_language() or settings.LANGUAGE_CODE
    if lang not in dict(settings.LANGUAGES):
        raise ParamError("lang", _("lang must be one of: %(languages)s")
                         % {"languages": ", ".join(dict(settings.LANGUAGES))})
    return lang


def alert_rows(request) -> tuple[str, dict]:
    """The SQL and parameters of the rows of the active alerts the request's user may read."""
    prefix = request.build_absolute_uri(reverse("cap-alert", kwargs={"identifier": "x"}))[:-len("x.xml")]
    return active_rows(request.user, language=request_language(request), cap_prefix=prefix)


def alert_fields() -> dict[str, str]:
    return dict(FIELDS)


def private(response, max_age: int = 30):
    """Per-user answers: kept by the browser only, varied on who asks and in which language."""
    response["Cache-Control"] = f"private, max-age={max_age}"
    response["Vary"] = VARY
    return response
