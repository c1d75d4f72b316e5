"""Start-up checks of the early-warning settings: what would otherwise fail at the first alert sent, or send links
nobody can open, fails fast with the setting to fix — a signing key or certificate that cannot be read, a CAP
authority OID that is not the country's arc of the WMO register, a hub OID that is no OID, a node country that is
no member, a public URL that is not an absolute http(s) address or that points at this machine while the atlas is
served to others."""

import ipaddress
import re
from collections.abc import Sequence
from urllib.parse import urlsplit

from cryptography.hazmat.primitives.serialization import load_pem_private_key
from cryptography.x509 import load_pem_x509_certificate
from django.apps import AppConfig
from django.conf import settings
from django.core import checks

OID = re.compile(r"(0|[1-9]\d*)(\.(0|[1-9]\d*))+")
LOCAL_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost"}


def signing_keys_check(app_configs: Sequence[AppConfig] | None = None, **kwargs: object) -> list[checks.CheckMessage]:
    errors: list[checks.CheckMessage] = []
    for iso3, pair in settings.CAP_SIGNING.items():
        try:
            with open(pair["key"], "rb") as key, open(pair["cert"], "rb") as cert:
                load_pem_private_key(key.read(), None)
                load_pem_x509_certificate(cert.read())
        except (OSError, ValueError, TypeError) as exc:
            errors.append(checks.Error(f"ATLAS_CAP_SIGNING[{iso3}]: {exc}", id="alerts.E001",
                                       hint="point key and cert at readable PEM files (an unencrypted private key "
                                            "and its X.509 certificate)"))
    return errors


def _authority_error(iso3: str, oid: str) -> str | None:
    numeric = settings.CAP_MEMBER_NUMERIC.get(iso3)
    if numeric is None:
        return f"{iso3} is not a member country (one of {', '.join(settings.CAP_MEMBER_NUMERIC)})"
    if not re.fullmatch(rf"2\.49\.0\.0\.{numeric}\.(0|[1-9]\d*)", oid):
        return f"{oid!r} is not an authority OID of {iso3} in the WMO register: 2.49.0.0.{numeric}.<n>"
    return None


@checks.register()
def cap_authorities_check(app_configs: Sequence[AppConfig] | None = None,
                          **kwargs: object) -> list[checks.CheckMessage]:
    """Every member's authority is 2.49.0.0.<its ISO numeric>.<n>; the hub's OID is an OID under 2.49."""
    errors: list[checks.CheckMessage] = [checks.Error(f"ATLAS_CAP_AUTHORITIES[{iso3}]: {problem}", id="alerts.E002",
                           hint='ATLAS_CAP_AUTHORITIES=\'{"KAZ": "2.49.0.0.398.<n>", ...}\' (docs/alerts.md)')
              for iso3, oid in settings.CAP_AUTHORITIES.items() if (problem := _authority_error(iso3, oid))]
    hub = settings.CAP_HUB_OID
    if not (OID.fullmatch(hub) and hub.startswith("2.49.")):
        errors.append(checks.Error(f"ATLAS_CAP_HUB_OID {hub!r} is not an OID under 2.49 (WMO alerting)",
                                   id="alerts.E003", hint="the regional centre's registered OID, e.g. 2.49.0.1.0.1"))
    node = settings.ATLAS_NODE_COUNTRY
    if node and node not in settings.CAP_MEMBER_NUMERIC:
        errors.append(checks.Error(f"ATLAS_NODE_COUNTRY {node!r} is not a member country", id="alerts.E004",
                                   hint=f"one of {', '.join(settings.CAP_MEMBER_NUMERIC)}, or empty for the hub"))
    return errors


def _is_local(host: str) -> bool:
    if host.lower() in LOCAL_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _host(entry: str) -> str:
    """The host of an ALLOWED_HOSTS entry: `.example.org`, `host:port`, `[::1]`, `[::1]:8000`."""
    entry = entry.lstrip(".")
    return entry[1:entry.index("]")] if entry.startswith("[") and "]" in entry else entry.split(":")[0]


def _served_to_others() -> bool:
    """Whether ALLOWED_HOSTS admits a name other machines use (a production site, not `make run`)."""
    return any(host == "*" or not _is_local(_host(host)) for host in settings.ALLOWED_HOSTS)


@checks.register()
def public_url_check(app_configs: Sequence[AppConfig] | None = None,
                     **kwargs: object) -> list[checks.CheckMessage]:
    """ATLAS_PUBLIC_URL is an absolute http(s) URL; with DEBUG off and the site served to others, not this
    machine's address (the default http://127.0.0.1:8000 is where gunicorn listens, not where people reach it)."""
    url = settings.ATLAS_PUBLIC_URL
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return [checks.Error(f"ATLAS_PUBLIC_URL {url!r} is not an absolute http(s) URL", id="alerts.E005",
                             hint="the address people open the atlas at, e.g. https://atlas.example.org")]
    if not settings.DEBUG and _is_local(parts.hostname) and _served_to_others():
        return [checks.Error(f"ATLAS_PUBLIC_URL is {url!r}, this machine's own address, while ALLOWED_HOSTS serves "
                             f"the atlas to others: every e-mail and acknowledgement link would point there",
                             id="alerts.E006", hint="set ATLAS_PUBLIC_URL to the public address behind the proxy")]
    return []
