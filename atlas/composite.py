"""Settings made of several environment variables or of one JSON variable: each built and checked here, failing
with an ImproperlyConfigured that names the variable (atlas.settings wires the results into Django's settings;
atlas.environment reads every variable)."""

import json
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from atlas import environment as env

# ISO 3166 numeric codes of the members: the middle of their CAP authorities' OIDs.
MEMBER_NUMERIC = {"KAZ": 398, "KGZ": 417, "TJK": 762, "TKM": 795, "UZB": 860}


def local_secret_key(state_dir: Path) -> str:
    """The key kept in the ignored state folder, generated on first use (local runs only)."""
    path = state_dir / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


def database_config(*, state_dir: Path) -> dict:
    """DATABASE_URL if given, else the checkout's private cluster on its Unix socket (scripts/db.sh)."""
    url = env.DATABASE_URL.read()
    if url:
        config = dj_database_url.parse(url, conn_max_age=0)
        if "postgis" not in config["ENGINE"]:
            if config["ENGINE"] != "django.db.backends.postgresql":
                raise ImproperlyConfigured("DATABASE_URL must point at PostgreSQL with PostGIS (postgis://…)")
            config["ENGINE"] = "django.contrib.gis.db.backends.postgis"
    else:
        config = {
            "NAME": env.ATLAS_DB_NAME.read(),
            "USER": "atlas",
            "HOST": str(state_dir / "pg" / "run"),
        }
    config["ENGINE"] = "django.contrib.gis.db.backends.postgis"
    config["CONN_MAX_AGE"] = 0  # connections come from psycopg's pool instead
    # The pool checks a connection before handing it out: after a database restart its idle connections are dead,
    # and a job or request given one would fail for nothing (one empty round trip per checkout).
    config["CONN_HEALTH_CHECKS"] = True
    config.setdefault("OPTIONS", {})["pool"] = {
        "min_size": 1, "max_size": env.ATLAS_DB_POOL_SIZE.read(), "timeout": 30,
    }
    return config


def replica_config(url: str) -> dict:
    """DATABASE_REPLICA_URL: a streaming read replica of the default database (scripts/replica.sh)."""
    config = dj_database_url.parse(url, conn_max_age=0)
    config["ENGINE"] = "django.contrib.gis.db.backends.postgis"
    config["CONN_MAX_AGE"] = 0
    config.setdefault("OPTIONS", {})["pool"] = {
        "min_size": 1, "max_size": env.ATLAS_DB_POOL_SIZE.read(), "timeout": 30,
    }
    config["TEST"] = {"MIRROR": "default"}  # a test run never creates a database on a read-only server
    return config


def media_storage() -> dict:
    """Where uploads, raster COGs and exports live (hazards.media): the file system under MEDIA_ROOT (default), or
    with ATLAS_MEDIA_STORAGE=s3 a bucket of an S3-compatible object store through django-storages. Objects are
    private (no ACL given, signed requests only); they are served only through the access-checked views."""
    if env.ATLAS_MEDIA_STORAGE.read() == "fs":
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    missing = [variable.name for variable in (env.ATLAS_S3_BUCKET, env.ATLAS_S3_ACCESS_KEY, env.ATLAS_S3_SECRET_KEY)
               if not variable.read()]
    if missing:
        raise ImproperlyConfigured(f"ATLAS_MEDIA_STORAGE=s3 needs {', '.join(missing)} (and ATLAS_S3_ENDPOINT for a "
                                   "store other than AWS)")
    addressing = env.ATLAS_S3_ADDRESSING.read()
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {
        "bucket_name": env.ATLAS_S3_BUCKET.read(), "endpoint_url": env.ATLAS_S3_ENDPOINT.read() or None,
        "access_key": env.ATLAS_S3_ACCESS_KEY.read(), "secret_key": env.ATLAS_S3_SECRET_KEY.read(),
        "region_name": env.ATLAS_S3_REGION.read(),
        "location": env.ATLAS_S3_PREFIX.read(),
        "addressing_style": addressing,
        "default_acl": None, "querystring_auth": True, "file_overwrite": True,
    }}


def cap_authorities(text: str, *, authority: str) -> dict[str, str]:
    """ATLAS_CAP_AUTHORITIES: JSON {"ISO3": "OID"} over the placeholders
    2.49.0.0.<numeric>.<authority>; the OIDs are checked at start-up
    (alerts.checks), the shape here."""
    try:
        value = json.loads(text or "{}")
    except ValueError as exc:
        raise ImproperlyConfigured(f"ATLAS_CAP_AUTHORITIES is not JSON: {exc}") from None
    if not isinstance(value, dict) or not all(isinstance(oid, str) for oid in value.values()):
        raise ImproperlyConfigured('ATLAS_CAP_AUTHORITIES must be {"ISO3": "2.49.0.0.<numeric>.<n>", ...}')
    defaults = {iso3: f"2.49.0.0.{numeric}.{authority}" for iso3, numeric in MEMBER_NUMERIC.items()}
    return defaults | {iso3.upper(): oid.strip() for iso3, oid in value.items()}


def cap_signing(text: str) -> dict:
    """ATLAS_CAP_SIGNING: JSON {"KGZ": {"key": "/path/kgz.key", "cert": "/path/kgz.pem"}, ...}; the files are checked
    at start-up (alerts.checks). Keys stay in files readable by the server only, never in the database."""
    try:
        value = json.loads(text or "{}")
    except ValueError as exc:
        raise ImproperlyConfigured(f"ATLAS_CAP_SIGNING is not JSON: {exc}") from None
    if not isinstance(value, dict) or not all(
            isinstance(pair, dict) and {"key", "cert"} <= pair.keys() for pair in value.values()):
        raise ImproperlyConfigured('ATLAS_CAP_SIGNING must be {"ISO3": {"key": path, "cert": path}, ...}')
    return {iso3.upper(): pair for iso3, pair in value.items()}


def cap_contacts(text: str) -> dict[str, str]:
    """ATLAS_CAP_CONTACTS: JSON {"KGZ": "МЧС КР: 112, +996 312 54 79 79", ...}: each issuing country's follow-up
    contact, written as every info's <contact> of its messages (none by default: no contact is written). Plain
    text of at most 500 characters (no markup: outgoing messages are profiled)."""
    try:
        value = json.loads(text or "{}")
    except ValueError as exc:
        raise ImproperlyConfigured(f"ATLAS_CAP_CONTACTS is not JSON: {exc}") from None
    if not isinstance(value, dict) or not all(
            isinstance(iso3, str) and len(iso3) == 3 and isinstance(contact, str) and 0 < len(contact) <= 500
            and not any(mark in contact for mark in "<>&") for iso3, contact in value.items()):
        raise ImproperlyConfigured('ATLAS_CAP_CONTACTS must be {"ISO3": "plain text (at most 500 characters)", ...}')
    return {iso3.upper(): contact.strip() for iso3, contact in value.items()}
