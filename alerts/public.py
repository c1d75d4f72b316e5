"""What an outgoing message tells the public beyond its texts: the address of its public page (each info's <web>)
and the issuing country's follow-up contact (<contact>, settings.CAP_CONTACTS). The page itself is served by
web.alerts.public at PAGE_PATH."""

from urllib.parse import quote

from django.conf import settings

PAGE_PATH = "/alerts/{identifier}/"


def alert_page_url(identifier: str) -> str:
    """The absolute URL of the public page of the message `identifier`, on the configured public base URL
    (settings.ATLAS_PUBLIC_URL): what a reader of the CAP, a feed or an e-mail follows."""
    path = PAGE_PATH.format(identifier=quote(identifier, safe=":.-_~"))
    return settings.ATLAS_PUBLIC_URL.rstrip("/") + path


def contact_for(iso3: str | None) -> str:
    """The follow-up contact of the issuing country `iso3` (settings.CAP_CONTACTS), or "" when none is set."""
    return settings.CAP_CONTACTS.get((iso3 or "").upper(), "")
