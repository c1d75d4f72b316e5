"""Every environment variable the atlas reads: one declaration each (name, reader, default, what it means).

The only module of the atlas that reads the environment (tests/test_environment.py keeps it so, and keeps the one
table of docs/settings.md listing exactly these variables). A reader returns the default when the variable is
unset and stops the start with ImproperlyConfigured, naming the variable, when its value is bad. atlas/settings.py
reads the values through these declarations and wires them into Django's settings.
"""

import ipaddress
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.exceptions import ImproperlyConfigured


class Derived(str):
    """A default made from other settings (a folder under ATLAS_STATE_DIR, a value of another variable): settings.py
    passes it to `read`; the text says what it is, for docs/settings.md."""


# The readers: (name, default) → value. Each reads the variable at call time.

def env_text(name: str, default: Any = "") -> Any:
    """The variable as given (an empty value stays empty), or `default` when unset."""
    return os.environ.get(name, default)


def env_code(name: str, default: str = "") -> str:
    """An upper-case code such as an ISO3 country, spaces trimmed."""
    return os.environ.get(name, default).strip().upper()


def env_path(name: str, default: Path | str) -> Path:
    """A folder."""
    return Path(os.environ.get(name, default))


def env_bool(name: str, default: bool = False) -> bool:
    """1/true/yes/on or 0/false/no/off/empty, in any case."""
    value = os.environ.get(name)
    if value is None:
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off", ""}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def env_list(name: str, default: str = "") -> list[str]:
    """Comma-separated items, spaces trimmed, empty items dropped; `default` is written the same way."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_int(name: str, default: int) -> int:
    """An integer; an empty value is the default."""
    value = os.environ.get(name)
    try:
        return int(value) if value else default
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, not {value!r}") from exc


def env_positive_int(name: str, default: int) -> int:
    """An integer of at least 1."""
    value = env_int(name, default)
    if value < 1:
        raise ImproperlyConfigured(f"{name} must be a positive integer, not {value}")
    return value


def env_at_least(minimum: int, reason: str = "") -> Callable[[str, int], int]:
    """A reader of an integer of at least `minimum` (a positive one first when the minimum is above 0)."""
    def read(name: str, default: int) -> int:
        value = (env_positive_int if minimum > 0 else env_int)(name, default)
        if value < minimum:
            raise ImproperlyConfigured(f"{name} must be at least {minimum}{reason}, not {value}")
        return value
    return read


def env_choice(*choices: str) -> Callable[[str, str], str]:
    """A reader of one of `choices`, exactly as written."""
    def read(name: str, default: str) -> str:
        value = os.environ.get(name, default)
        if value not in choices:
            raise ImproperlyConfigured(f"{name} must be {' or '.join(choices)}, not {value!r}")
        return value
    return read


def env_networks(name: str, default: str = "") -> list[str]:
    """Comma-separated IP addresses or networks (CIDR)."""
    networks = env_list(name, default)
    for network in networks:
        try:
            ipaddress.ip_network(network, strict=False)
        except ValueError:
            raise ImproperlyConfigured(f"{name} must list IP addresses or networks (CIDR), not {network!r}") from None
    return networks


@dataclass(frozen=True)
class Variable:
    """One environment variable: its name, its reader, its default and a line of documentation."""

    name: str
    reader: Callable[[str, Any], Any]
    default: Any
    doc: str

    def read(self, default: Any = None) -> Any:
        """The value, or the default (for a Derived default, the `default` given here) when unset."""
        if isinstance(self.default, Derived) and default is None:
            raise TypeError(f"{self.name}: its default is derived ({self.default}); pass it to read()")
        return self.reader(self.name, self.default if default is None else default)

    def is_set(self) -> bool:
        """Whether the variable is present in the environment at all (even empty)."""
        return self.name in os.environ


VARIABLES: dict[str, Variable] = {}


def declare(name: str, reader: Callable[[str, Any], Any], default: Any, doc: str) -> Variable:
    """Declares a variable (once) and returns it."""
    if name in VARIABLES:
        raise ValueError(f"{name} is declared twice")
    VARIABLES[name] = variable = Variable(name, reader, default, doc)
    return variable


# Where the checkout keeps its state, and Django's own.
ATLAS_STATE_DIR = declare("ATLAS_STATE_DIR", env_path, Derived(".state in the checkout"),
                          "folder of the private cluster, uploaded files and the generated secret key")
SECRET_KEY = declare("SECRET_KEY", env_text, Derived("generated into ATLAS_STATE_DIR/secret_key"),
                     "Django's secret key; set it in production")
SECRET_KEY_FALLBACKS = declare("SECRET_KEY_FALLBACKS", env_list, "",
                               "old keys still accepted during a routine rotation; empty after a leak")
DEBUG = declare("DEBUG", env_bool, False, "Django debug pages; never on a public server")
ALLOWED_HOSTS = declare("ALLOWED_HOSTS", env_list, "127.0.0.1,localhost,[::1]", "host names the server answers to")
CSRF_TRUSTED_ORIGINS = declare("CSRF_TRUSTED_ORIGINS", env_list, "", "origins trusted for forms behind a proxy")
LOG_LEVEL = declare("LOG_LEVEL", env_text, "INFO", "logging level")

# The database, its pool, the read replica and PgBouncer.
DATABASE_URL = declare("DATABASE_URL", env_text, "", "an existing PostGIS instead of the private cluster")
ATLAS_DB_NAME = declare("ATLAS_DB_NAME", env_text, "atlas", "database name in the private cluster")
ATLAS_DB_POOL_SIZE = declare("ATLAS_DB_POOL_SIZE", env_int, 10, "database connections per process (psycopg pool)")
DATABASE_REPLICA_URL = declare("DATABASE_REPLICA_URL", env_text, "",
                               "a streaming read replica that answers the serving reads")
ATLAS_REPLICA_READ_PATHS = declare(
    "ATLAS_REPLICA_READ_PATHS", env_list,
    r"^/tiles/,^/ogc/collections/[^/]+/items,^/api/v1/layers/[^/]+/features/,^/cap/(?:[A-Z]{3}/)?feed\.atom$",
    "URL paths (regular expressions) whose GET/HEAD reads the replica may answer")
ATLAS_REPLICA_PIN_SECONDS = declare("ATLAS_REPLICA_PIN_SECONDS", env_int, 10,
                                    "after a request that wrote, its client reads the primary for this long")
ATLAS_DB_TRANSACTION_POOLER = declare("ATLAS_DB_TRANSACTION_POOLER", env_bool, False,
                                      "DATABASE_URL goes through PgBouncer in transaction pooling mode")
DATABASE_DIRECT_URL = declare("DATABASE_DIRECT_URL", env_text, "",
                              "the primary itself, for the workers' LISTEN (required with the pooler)")

# Proxies, HTTPS, sign-in, password resets and API tokens.
ATLAS_TRUSTED_PROXIES = declare("ATLAS_TRUSTED_PROXIES", env_networks, "",
                                "addresses or networks (CIDR) of the proxies whose X-Forwarded-* is believed")
ATLAS_BEHIND_PROXY = declare("ATLAS_BEHIND_PROXY", env_bool, False,
                             "a TLS-terminating proxy in front says the scheme (X-Forwarded-Proto)")
ATLAS_HTTPS = declare("ATLAS_HTTPS", env_bool, False, "HTTPS redirect, HSTS and secure cookies")
ATLAS_HSTS_SECONDS = declare("ATLAS_HSTS_SECONDS", env_int, 31_536_000, "HSTS max-age with ATLAS_HTTPS")
ATLAS_HSTS_PRELOAD = declare("ATLAS_HSTS_PRELOAD", env_bool, Derived("ATLAS_HTTPS"), "HSTS preload")
ATLAS_LOGIN_FAILURE_LIMIT = declare("ATLAS_LOGIN_FAILURE_LIMIT", env_int, 5,
                                    "wrong passwords for a user name from one address before that pair is locked")
ATLAS_LOGIN_USER_FAILURE_LIMIT = declare("ATLAS_LOGIN_USER_FAILURE_LIMIT", env_int, 50,
                                         "wrong passwords for a user name from all addresses before it is locked")
ATLAS_LOGIN_COOLOFF_MINUTES = declare("ATLAS_LOGIN_COOLOFF_MINUTES", env_positive_int, 30,
                                      "how long a sign-in lock lasts (it ends by itself)")
ATLAS_PASSWORD_RESET_PER_ACCOUNT_HOUR = declare("ATLAS_PASSWORD_RESET_PER_ACCOUNT_HOUR", env_positive_int, 3,
                                                "password-reset mails to one account in an hour")
ATLAS_PASSWORD_RESET_PER_ADDRESS_HOUR = declare("ATLAS_PASSWORD_RESET_PER_ADDRESS_HOUR", env_positive_int, 10,
                                                "password-reset requests from one client address in an hour")
ATLAS_TOKEN_DAYS = declare("ATLAS_TOKEN_DAYS", env_int, 365, "default lifetime of a new API token")
ATLAS_TOKEN_MAX_DAYS = declare("ATLAS_TOKEN_MAX_DAYS", env_int, 730, "longest lifetime of a new API token")
ATLAS_CORS_ORIGINS = declare("ATLAS_CORS_ORIGINS", env_list, "*",
                             "origins allowed to read the API, OGC API, tiles and CAP feeds from their pages")

# Media, object storage and the admin's base map.
ATLAS_MEDIA_ROOT = declare("ATLAS_MEDIA_ROOT", env_path, Derived("ATLAS_STATE_DIR/media"),
                           "folder of uploaded files, raster COGs and downloads (with ATLAS_MEDIA_STORAGE=fs)")
ATLAS_MEDIA_STORAGE = declare("ATLAS_MEDIA_STORAGE", env_choice("fs", "s3"), "fs",
                              "fs, or s3 for a bucket of an S3-compatible object store")
ATLAS_S3_BUCKET = declare("ATLAS_S3_BUCKET", env_text, "", "the bucket (required with s3)")
ATLAS_S3_ACCESS_KEY = declare("ATLAS_S3_ACCESS_KEY", env_text, "", "the bucket user's access key (required with s3)")
ATLAS_S3_SECRET_KEY = declare("ATLAS_S3_SECRET_KEY", env_text, "", "the bucket user's secret key (required with s3)")
ATLAS_S3_ENDPOINT = declare("ATLAS_S3_ENDPOINT", env_text, "", "the store's URL (empty: AWS)")
ATLAS_S3_REGION = declare("ATLAS_S3_REGION", env_text, "us-east-1", "the store's region")
ATLAS_S3_PREFIX = declare("ATLAS_S3_PREFIX", env_text, "", "folder inside the bucket for the atlas's objects")
ATLAS_S3_ADDRESSING = declare("ATLAS_S3_ADDRESSING", env_choice("path", "virtual"), "path",
                              "path or virtual host addressing")
ATLAS_BASEMAP_URL = declare("ATLAS_BASEMAP_URL", env_text, "", "XYZ tile URL of an online base map (none: offline)")
ATLAS_BASEMAP_ATTRIBUTION = declare("ATLAS_BASEMAP_ATTRIBUTION", env_text, "", "attribution of that base map")

# Jobs.
ATLAS_JOB_STALLED_SECONDS = declare("ATLAS_JOB_STALLED_SECONDS", env_int, 30,
                                    "a job whose worker sent no heartbeat for this long is retried")
ATLAS_JOB_MAX_ATTEMPTS = declare("ATLAS_JOB_MAX_ATTEMPTS", env_int, 3, "tries of a job before it is failed")
ATLAS_JOB_DB_RETRIES = declare("ATLAS_JOB_DB_RETRIES", env_positive_int, 5,
                               "retries of a job that lost the database before it fails")
ATLAS_JOB_DB_RETRY_SECONDS = declare("ATLAS_JOB_DB_RETRY_SECONDS", env_at_least(0), 2,
                                     "wait before such a retry, plus 2^attempt seconds")
ATLAS_FAILED_UPLOAD_RETENTION_DAYS = declare("ATLAS_FAILED_UPLOAD_RETENTION_DAYS", env_int, 7,
                                             "days the files of failed uploads are kept")

# Uploads and ingest.
ATLAS_UPLOADS_INLINE = declare("ATLAS_UPLOADS_INLINE", env_bool, False,
                               "process uploads inside the request instead of the worker (tests, debugging)")
ATLAS_INGEST_CHUNK_SIZE = declare("ATLAS_INGEST_CHUNK_SIZE", env_int, 50_000, "features copied per batch of ingest")
ATLAS_UPLOAD_MAX_BYTES = declare("ATLAS_UPLOAD_MAX_BYTES", env_int, 1024**3, "largest file an upload accepts")
ATLAS_ZIP_MAX_MEMBERS = declare("ATLAS_ZIP_MAX_MEMBERS", env_int, 1000, "most files in an uploaded zip")
ATLAS_ZIP_MAX_UNPACKED_BYTES = declare("ATLAS_ZIP_MAX_UNPACKED_BYTES", env_int, 4 * 1024**3,
                                       "largest unpacked size of an uploaded zip")
ATLAS_ZIP_MAX_RATIO = declare("ATLAS_ZIP_MAX_RATIO", env_int, 200, "largest compression ratio of an uploaded zip")
ATLAS_UPLOAD_MAX_PIXELS = declare("ATLAS_UPLOAD_MAX_PIXELS", env_positive_int, 400_000_000,
                                  "most raster values (width × height × bands) a GeoTIFF may declare")
ATLAS_UPLOAD_MAX_FEATURES = declare("ATLAS_UPLOAD_MAX_FEATURES", env_positive_int, 1_000_000,
                                    "most features of a vector upload or alert-area file")
ATLAS_UPLOAD_MAX_VERTICES = declare("ATLAS_UPLOAD_MAX_VERTICES", env_positive_int, 50_000_000,
                                    "most vertices of all geometries of a vector file")
ATLAS_INGEST_MEMORY_MB = declare("ATLAS_INGEST_MEMORY_MB", env_at_least(256, " (the reading child needs it)"), 4096,
                                 "address space of the confined child that reads an upload")
ATLAS_INGEST_SECONDS = declare("ATLAS_INGEST_SECONDS", env_positive_int, 900,
                               "CPU and waiting time of that child")

# Early warning (CAP 1.2).
ATLAS_PUBLIC_URL = declare("ATLAS_PUBLIC_URL", env_text, "http://127.0.0.1:8000",
                           "the atlas's address as people reach it: every link of e-mails, pages and CAP <web>")
ATLAS_CAP_AUTHORITY = declare("ATLAS_CAP_AUTHORITY", env_int, 1,
                              "last arc of the placeholder authorities 2.49.0.0.<numeric>.<n>")
ATLAS_CAP_AUTHORITIES = declare("ATLAS_CAP_AUTHORITIES", env_text, "",
                                'JSON {"ISO3": OID}: each member\'s authority in the WMO register')
ATLAS_NODE_COUNTRY = declare("ATLAS_NODE_COUNTRY", env_code, "",
                             "ISO3 of the member whose own node this instance is (empty: the regional hub)")
ATLAS_CAP_HUB_OID = declare("ATLAS_CAP_HUB_OID", env_text, Derived("2.49.0.1.0.<ATLAS_CAP_AUTHORITY>"),
                            "OID of the hub's own messages")
ATLAS_CAP_SENDER_DOMAIN = declare("ATLAS_CAP_SENDER_DOMAIN", env_text, "cap.hazards-atlas.local",
                                  "CAP senders are <iso3>@<domain>")
ATLAS_CAP_LANGUAGES = declare("ATLAS_CAP_LANGUAGES", env_list, "ru,en,kk", "an alert needs an info in each")
ATLAS_CAP_CODES = declare("ATLAS_CAP_CODES", env_list, "profile:CAP-CA:1.0", "CAP code values of every alert")
ATLAS_CAP_SIGNING = declare("ATLAS_CAP_SIGNING", env_text, "",
                            'JSON {"ISO3": {"key": path, "cert": path}}: XML signatures of outgoing CAP')
ATLAS_CAP_CONTACTS = declare("ATLAS_CAP_CONTACTS", env_text, "",
                             'JSON {"ISO3": text}: each issuing country\'s <contact>')
ATLAS_CAP_REQUIRE_APPROVAL = declare("ATLAS_CAP_REQUIRE_APPROVAL", env_bool, False,
                                     "a second duty officer approves a draft before it is sent")
ATLAS_CAP_RECEIPT_MINUTES = declare("ATLAS_CAP_RECEIPT_MINUTES", env_int, 10,
                                    "minutes without a neighbour's receipt before the message is resent")
ATLAS_CAP_OPERATOR_MINUTES = declare("ATLAS_CAP_OPERATOR_MINUTES", env_int, 30,
                                     "minutes without an operator's acknowledgement before the next contact")
ATLAS_CAP_POLYGON_MAX_VERTICES = declare("ATLAS_CAP_POLYGON_MAX_VERTICES", env_int, 1000,
                                         "vertex budget of an alert area")
ATLAS_CAP_WEBHOOK_TIMEOUT = declare("ATLAS_CAP_WEBHOOK_TIMEOUT", env_int, 10, "webhook timeout (s)")
ATLAS_CAP_DELIVERY_ATTEMPTS = declare("ATLAS_CAP_DELIVERY_ATTEMPTS", env_int, 8,
                                      "attempts of a webhook or e-mail before it stays failed")
ATLAS_CAP_ACK_LINK_DAYS = declare("ATLAS_CAP_ACK_LINK_DAYS", env_int, 14, "validity of e-mailed acknowledgement links")
ATLAS_CAP_INBOX_MAX_BYTES = declare("ATLAS_CAP_INBOX_MAX_BYTES", env_positive_int, 2 * 1024**2,
                                    "largest inbox message")
ATLAS_CAP_INBOX_DRAIN_BYTES = declare("ATLAS_CAP_INBOX_DRAIN_BYTES", env_positive_int, 64 * 1024**2,
                                      "an oversized inbox body up to this size is read to its end before the 413")
ATLAS_CAP_INBOX_RATE = declare("ATLAS_CAP_INBOX_RATE", env_positive_int, 60,
                               "inbox messages a minute per focal point")
ATLAS_CAP_INBOX_BURST = declare("ATLAS_CAP_INBOX_BURST", env_positive_int, 30,
                                "inbox messages at once per focal point")
ATLAS_CAP_EXTERNAL_FEEDS = declare("ATLAS_CAP_EXTERNAL_FEEDS", env_list, "", "CAP feeds of other systems to poll")
ATLAS_CAP_FEED_POLL_MINUTES = declare("ATLAS_CAP_FEED_POLL_MINUTES", env_int, 5, "polling period of those feeds")
ATLAS_CAP_FEED_TIMEOUT = declare("ATLAS_CAP_FEED_TIMEOUT", env_int, 20, "timeout of a feed request (s)")
ATLAS_CAP_FEED_MAX_BYTES = declare("ATLAS_CAP_FEED_MAX_BYTES", env_int, 5 * 1024**2, "largest feed read")

# E-mail (SMTP) of the notifications: none leaves the machine unless ATLAS_SMTP_HOST is set.
ATLAS_SMTP_HOST = declare("ATLAS_SMTP_HOST", env_text, "", "SMTP server (empty: e-mails printed to the console)")
ATLAS_SMTP_PORT = declare("ATLAS_SMTP_PORT", env_int, 25, "SMTP port")
ATLAS_SMTP_USER = declare("ATLAS_SMTP_USER", env_text, "", "SMTP user")
ATLAS_SMTP_PASSWORD = declare("ATLAS_SMTP_PASSWORD", env_text, "", "SMTP password")
ATLAS_SMTP_STARTTLS = declare("ATLAS_SMTP_STARTTLS", env_bool, False, "STARTTLS on the SMTP connection")
ATLAS_SMTP_SSL = declare("ATLAS_SMTP_SSL", env_bool, False, "SMTP over TLS from the start")
ATLAS_SMTP_TIMEOUT = declare("ATLAS_SMTP_TIMEOUT", env_int, 20, "SMTP timeout (s)")
ATLAS_MAIL_FROM = declare("ATLAS_MAIL_FROM", env_text, "cap@hazards-atlas.local", "sender of the e-mails")
