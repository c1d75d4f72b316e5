"""Settings of the atlas: wiring only. Every environment variable is declared, read and checked in
atlas.environment (docs/settings.md lists them all, with their defaults); this module wires the values into
Django's settings and checks the rules that join two of them."""

from datetime import timedelta
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from atlas import environment as env
from atlas.composite import (
    MEMBER_NUMERIC,
    cap_authorities,
    cap_contacts,
    cap_signing,
    database_config,
    local_secret_key,
    media_storage,
    replica_config,
)

BASE_DIR = Path(__file__).resolve().parent.parent
STATE_DIR = env.ATLAS_STATE_DIR.read(BASE_DIR / ".state")

DEBUG = env.DEBUG.read()
SECRET_KEY = env.SECRET_KEY.read("") or local_secret_key(STATE_DIR)
# Keys being rotated out: what they signed (sessions, password-reset and acknowledgement links) stays valid while
# they are listed here. After a leak, list nothing: everything the leaked key signed must stop working at once.
SECRET_KEY_FALLBACKS = env.SECRET_KEY_FALLBACKS.read()
ALLOWED_HOSTS = env.ALLOWED_HOSTS.read()
CSRF_TRUSTED_ORIGINS = env.CSRF_TRUSTED_ORIGINS.read()

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.gis",
    "django.contrib.postgres",
    "corsheaders",
    "rest_framework",
    "rest_framework_gis",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "leaflet",
    "procrastinate.contrib.django",
    "axes",
    "hazards",
    "ingest",
    "region",
    "web",
    "alerts",
    "accounts",
    "atlas",
]

MIDDLEWARE = [
    "web.middleware.ProxyHeadersMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "web.middleware.GZipMiddleware",  # Django's, but never on byte ranges
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "web.middleware.ControlCharactersMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "web.middleware.TokenAuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "axes.middleware.AxesMiddleware",
]
if env.DATABASE_REPLICA_URL.is_set():  # marks the requests whose reads the replica may answer
    MIDDLEWARE.insert(0, "atlas.routers.ReplicaReadsMiddleware")

ROOT_URLCONF = "atlas.urls"
WSGI_APPLICATION = "atlas.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
        },
    },
]


DATABASES = {"default": database_config(state_dir=STATE_DIR)}
# Scale-out (docs/scaling.md). DATABASE_REPLICA_URL: reads of the serving paths (features, items, tiles, feeds)
# go to this replica, every write and every read after a write to the primary (atlas.routers).
if env.DATABASE_REPLICA_URL.read():
    DATABASES["replica"] = replica_config(env.DATABASE_REPLICA_URL.read())
    DATABASE_ROUTERS = ["atlas.routers.ReplicaRouter"]
# URL paths whose GET/HEAD reads may be answered by the replica (regular expressions).
REPLICA_READ_PATHS = env.ATLAS_REPLICA_READ_PATHS.read()
# After a request that wrote, that client reads from the primary for this long (its next page sees its write).
REPLICA_PIN_SECONDS = env.ATLAS_REPLICA_PIN_SECONDS.read()
# ATLAS_DB_TRANSACTION_POOLER=true when DATABASE_URL goes through PgBouncer in transaction pooling mode: no
# server-side cursors (Django's own: a cursor outliving its transaction would land on another server session;
# prepared statements stay off, Django's default). DATABASE_DIRECT_URL: the primary itself, for what needs a
# session of its own: the workers' LISTEN (atlas.jobs) and the uploads' progress connection.
DB_TRANSACTION_POOLER = env.ATLAS_DB_TRANSACTION_POOLER.read()
DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = DB_TRANSACTION_POOLER
DATABASE_DIRECT_URL = env.DATABASE_DIRECT_URL.read()
if DB_TRANSACTION_POOLER and not DATABASE_DIRECT_URL:
    raise ImproperlyConfigured("ATLAS_DB_TRANSACTION_POOLER needs DATABASE_DIRECT_URL: the workers LISTEN for new "
                               "jobs on a direct connection to the primary (PgBouncer cannot pass LISTEN on)")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"

# The client's address (web.clientip): REMOTE_ADDR, or, for requests from these proxies only, the address their
# X-Forwarded-For names (deploy/nginx.conf overwrites the client's own header). Empty: no proxy is trusted.
TRUSTED_PROXIES = env.ATLAS_TRUSTED_PROXIES.read()

# Guessing passwords (django-axes, accounts.lockout): ATLAS_LOGIN_FAILURE_LIMIT wrong passwords for a user name
# from one address lock that pair; ATLAS_LOGIN_USER_FAILURE_LIMIT from all addresses together lock the user name
# (against guessing from many addresses). Failures made while locked are not counted, so one address adds at
# most ATLAS_LOGIN_FAILURE_LIMIT to the user name's count. Every lock ends after ATLAS_LOGIN_COOLOFF_MINUTES
# (administrators unlock earlier in the admin or with axes_reset).
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend",
                           "accounts.backends.RolePermissionBackend"]
AXES_FAILURE_LIMIT = env.ATLAS_LOGIN_FAILURE_LIMIT.read()
LOGIN_USER_FAILURE_LIMIT = env.ATLAS_LOGIN_USER_FAILURE_LIMIT.read()
if not 0 < AXES_FAILURE_LIMIT <= LOGIN_USER_FAILURE_LIMIT:
    raise ImproperlyConfigured("ATLAS_LOGIN_FAILURE_LIMIT must be at least 1 and at most "
                               "ATLAS_LOGIN_USER_FAILURE_LIMIT")
LOGIN_COOLOFF_MINUTES = env.ATLAS_LOGIN_COOLOFF_MINUTES.read()  # a lock must end on its own
AXES_COOLOFF_TIME = timedelta(minutes=LOGIN_COOLOFF_MINUTES)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "username"]
AXES_HANDLER = "accounts.lockout.LockoutHandler"
AXES_CLIENT_IP_CALLABLE = "web.clientip.client_address"
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True

# Password reset mails: at most this many per account and per client address in an hour; the page answers the
# same whether or not an account has the address (accounts.resets).
PASSWORD_RESET_PER_ACCOUNT_HOUR = env.ATLAS_PASSWORD_RESET_PER_ACCOUNT_HOUR.read()
PASSWORD_RESET_PER_ADDRESS_HOUR = env.ATLAS_PASSWORD_RESET_PER_ADDRESS_HOUR.read()

# API tokens (accounts.tokens): a new token lives ATLAS_TOKEN_DAYS unless `atlas_user --days` says otherwise, never
# more than ATLAS_TOKEN_MAX_DAYS.
API_TOKEN_DAYS = env.ATLAS_TOKEN_DAYS.read()
API_TOKEN_MAX_DAYS = env.ATLAS_TOKEN_MAX_DAYS.read()
if not 0 < API_TOKEN_DAYS <= API_TOKEN_MAX_DAYS:
    raise ImproperlyConfigured("ATLAS_TOKEN_DAYS must be at least 1 and at most ATLAS_TOKEN_MAX_DAYS")

# HTTPS in production (ATLAS_HTTPS=true behind TLS): redirect, HSTS, secure cookies; the proxy says the scheme.
HTTPS = env.ATLAS_HTTPS.read()
SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = env.ATLAS_HSTS_SECONDS.read() if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = env.ATLAS_HSTS_PRELOAD.read(HTTPS)
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = HTTPS
# Behind a TLS-terminating proxy its X-Forwarded-Proto says https; web.middleware.ProxyHeadersMiddleware drops that
# header from anyone but ATLAS_TRUSTED_PROXIES, so the proxies must be named.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env.ATLAS_BEHIND_PROXY.read() else None
if SECURE_PROXY_SSL_HEADER and not TRUSTED_PROXIES:
    raise ImproperlyConfigured("ATLAS_BEHIND_PROXY=true needs ATLAS_TRUSTED_PROXIES: the addresses of the proxies "
                               "whose X-Forwarded-Proto and X-Forwarded-For are believed")
SECURE_REFERRER_POLICY = "same-origin"
# Content-Security-Policy: every script, style, font and image from the atlas itself (no inline script; tiles
# and exports use blob: and data: images; the map draws web workers from blob:).
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:", "blob:"],
    "font-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "worker-src": [CSP.SELF, "blob:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "frame-ancestors": [CSP.SELF],
    "form-action": [CSP.SELF],
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

# Languages: Russian is the default and the fallback; the browser's choice wins when offered.
LANGUAGE_CODE = "ru"
LANGUAGES = [("ru", _("Russian")), ("en", _("English")), ("kk", _("Kazakh"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["atlas.formats"]  # Kazakh dates and numbers (Django has none): atlas/formats/kk
USE_I18N = True
TIME_ZONE = "Asia/Almaty"
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# Front-end libraries come from the npm registry at set-up (package.json → node_modules/), never from a CDN.
NODE_MODULES = BASE_DIR / "node_modules"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/maplibre-gl", NODE_MODULES / "maplibre-gl" / "dist"),
    ("vendor/maplibre-gl-leaflet", NODE_MODULES / "@maplibre" / "maplibre-gl-leaflet"),
    # The world beyond the atlas's own boundaries (Natural Earth 1:50m) and country names in ru/en/kk.
    ("vendor/world-atlas", NODE_MODULES / "world-atlas"),
    ("vendor/topojson-client", NODE_MODULES / "topojson-client" / "dist"),
    ("vendor/leaflet-geoman", NODE_MODULES / "@geoman-io" / "leaflet-geoman-free" / "dist"),
    ("vendor/i18n-iso-countries", NODE_MODULES / "i18n-iso-countries"),
    # Label glyphs (SDF protobufs) made at set-up from Debian's DejaVu fonts by web.pages.glyphs.
    ("vendor/glyphs", BASE_DIR / "build" / "glyphs"),
]
MEDIA_ROOT = env.ATLAS_MEDIA_ROOT.read(STATE_DIR / "media")


STORAGES = {
    "default": media_storage(),
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
MEDIA_URL = "media/"

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "web.authentication.ApiTokenAuthentication",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "web.api.pagination.Pagination",
    "PAGE_SIZE": 100,
    "EXCEPTION_HANDLER": "web.errors.exception_handler",
    # DRF's JSON and form parsers read any size: these refuse a body over DATA_UPLOAD_MAX_MEMORY_SIZE (413 JSON).
    "DEFAULT_PARSER_CLASSES": ["web.parsers.BoundedJSONParser", "web.parsers.BoundedFormParser",
                               "rest_framework.parsers.MultiPartParser"],
    # `format` is ours (downloads, ?format=geojson), not DRF's renderer switch.
    "URL_FORMAT_OVERRIDE": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Central Asia Hazards Atlas API",
    "VERSION": "1",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "DESCRIPTION": "Layers, features (GeoJSON), vector tiles, downloads and OGC API - Features of the "
                   "Central Asia Hazards Atlas. Restricted layers answer 404 unless the user may read them.",
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums", "web.ogc.schema.add_ogc_paths"],
    "ENUM_NAME_OVERRIDES": {"AlertStatusEnum": "alerts.models.Alert.Status",
                            "AlertStateEnum": "alerts.models.Alert.State",
                            "DeliveryStateEnum": "alerts.models.Delivery.State",
                            "LanguageEnum": "alerts.models.AlertInfo.Language",
                            "HazardLevelEnum": "web.api.passport_schemas.LEVELS"},
}

# Map widgets in the admin: no online tiles unless a base map URL is configured (air-gapped by default).
BASEMAP_URL = env.ATLAS_BASEMAP_URL.read()
BASEMAP_ATTRIBUTION = env.ATLAS_BASEMAP_ATTRIBUTION.read()
LEAFLET_CONFIG = {
    "DEFAULT_CENTER": (43.0, 66.0),
    "DEFAULT_ZOOM": 4,
    "TILES": [(_("Base map"), BASEMAP_URL, {"attribution": BASEMAP_ATTRIBUTION})] if BASEMAP_URL else [],
    "RESET_VIEW": False,
}

PROCRASTINATE_AUTODISCOVER_MODULE_NAME = "tasks"
PROCRASTINATE_ON_APP_READY = "atlas.jobs.on_app_ready"  # the workers' LISTEN on DATABASE_DIRECT_URL, if set
# A job whose worker sent no heartbeat for this long is stalled: retried until it has had JOB_MAX_ATTEMPTS.
JOB_STALLED_SECONDS = env.ATLAS_JOB_STALLED_SECONDS.read()
JOB_MAX_ATTEMPTS = env.ATLAS_JOB_MAX_ATTEMPTS.read()
# A job that loses its database connection (a restart, a failover) is retried this many times, waiting
# JOB_DB_RETRY_SECONDS + 2**attempt seconds (4, 6, 10, 18, 34 s by default), then fails with its reason.
JOB_DB_RETRIES = env.ATLAS_JOB_DB_RETRIES.read()
JOB_DB_RETRY_SECONDS = env.ATLAS_JOB_DB_RETRY_SECONDS.read()
# Files of failed uploads are kept this many days for the administrators, then removed (cleanup_uploads).
FAILED_UPLOAD_RETENTION_DAYS = env.ATLAS_FAILED_UPLOAD_RETENTION_DAYS.read()

# Other systems read the API, OGC API and tiles from their own pages: GET from the configured origins. The CAP
# feeds and documents too (read-only, never with credentials); the inbox and the acknowledgement links are not.
CORS_ORIGINS = env.ATLAS_CORS_ORIGINS.read()
CORS_ALLOW_ALL_ORIGINS = CORS_ORIGINS == ["*"]
CORS_ALLOWED_ORIGINS = [] if CORS_ALLOW_ALL_ORIGINS else CORS_ORIGINS
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_URLS_REGEX = r"^/(api|ogc|tiles)/.*$|^/cap/(feed\.atom|[A-Za-z]{3,4}/feed\.atom|alerts/[^/]+\.xml)$"
CORS_ALLOW_CREDENTIALS = False
CORS_EXPOSE_HEADERS = ["ETag", "Content-Crs"]

# Ingest: rows per COPY batch when reading a file in chunks.
INGEST_CHUNK_SIZE = env.ATLAS_INGEST_CHUNK_SIZE.read()
# Uploads: limits against oversized files and zip bombs; jobs inline (tests) or through the worker.
UPLOAD_MAX_BYTES = env.ATLAS_UPLOAD_MAX_BYTES.read()
ZIP_MAX_MEMBERS = env.ATLAS_ZIP_MAX_MEMBERS.read()
ZIP_MAX_UNPACKED_BYTES = env.ATLAS_ZIP_MAX_UNPACKED_BYTES.read()
ZIP_MAX_RATIO = env.ATLAS_ZIP_MAX_RATIO.read()
# Work one upload may cause, checked on what the file declares before reading and again while reading (issue 28):
# raster cells × bands, vector features and vertices. The reading runs in a confined child process with at most
# INGEST_MEMORY_MB of address space and INGEST_SECONDS of reading (CPU and waiting) before it is stopped.
UPLOAD_MAX_PIXELS = env.ATLAS_UPLOAD_MAX_PIXELS.read()
UPLOAD_MAX_FEATURES = env.ATLAS_UPLOAD_MAX_FEATURES.read()
UPLOAD_MAX_VERTICES = env.ATLAS_UPLOAD_MAX_VERTICES.read()
INGEST_MEMORY_MB = env.ATLAS_INGEST_MEMORY_MB.read()
INGEST_SECONDS = env.ATLAS_INGEST_SECONDS.read()
UPLOADS_INLINE = env.ATLAS_UPLOADS_INLINE.read()
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024**2  # larger files stream to a temporary file, never held in memory
FILE_UPLOAD_HANDLERS = ["web.limits.LimitedUploadHandler",
                        "django.core.files.uploadhandler.TemporaryFileUploadHandler"]

# Early warning (alerts/, CAP 1.2). ATLAS_PUBLIC_URL is the atlas's address as its users reach it (the proxy's, not
# gunicorn's): every link of e-mails, acknowledgement pages and CAP <web> is built from it. Checked at start-up
# (alerts.checks): an absolute http(s) URL, and never the local default with DEBUG off.
PUBLIC_URL_DEFAULT = env.ATLAS_PUBLIC_URL.default
ATLAS_PUBLIC_URL = env.ATLAS_PUBLIC_URL.read()
# Each member's CAP authority: its OID in the WMO Register of Alerting Authorities (2.49.0.0.<ISO 3166 numeric>.<n>);
# its messages are urn:oid:2.49.0.1.<ISO numeric>.<n>.<serial>, senders <iso3>@<CAP_SENDER_DOMAIN>. The register
# lists only the five hydrometeorological services (2.49.0.0.<numeric>.0), not the emergency ministries that issue
# through the atlas: the defaults are placeholders 2.49.0.0.<numeric>.<ATLAS_CAP_AUTHORITY> (docs/alerts.md) until
# each ministry registers its own; ATLAS_CAP_AUTHORITIES='{"KAZ": "2.49.0.0.398.3", ...}' sets them.
CAP_AUTHORITY = env.ATLAS_CAP_AUTHORITY.read()
CAP_MEMBER_NUMERIC = MEMBER_NUMERIC


CAP_AUTHORITIES = cap_authorities(env.ATLAS_CAP_AUTHORITIES.read(), authority=CAP_AUTHORITY)
# The member whose own national node this instance is (ISO3), empty for the regional hub. A node makes its country's
# operator Acks in its country's range; the hub makes every Ack under CAP_HUB_OID, never in a neighbour's range.
ATLAS_NODE_COUNTRY = env.ATLAS_NODE_COUNTRY.read()
# Escalation: minutes without a neighbour's receipt (resend) and without its operator's acknowledgement (next contact).
CAP_RECEIPT_MINUTES = env.ATLAS_CAP_RECEIPT_MINUTES.read()
CAP_OPERATOR_MINUTES = env.ATLAS_CAP_OPERATOR_MINUTES.read()
CAP_SENDER_DOMAIN = env.ATLAS_CAP_SENDER_DOMAIN.read()
CAP_LANGUAGES = env.ATLAS_CAP_LANGUAGES.read()  # an info in each is required to send
CAP_CODES = env.ATLAS_CAP_CODES.read()
CAP_POLYGON_MAX_VERTICES = env.ATLAS_CAP_POLYGON_MAX_VERTICES.read()
CAP_WEBHOOK_TIMEOUT = env.ATLAS_CAP_WEBHOOK_TIMEOUT.read()
CAP_DELIVERY_ATTEMPTS = env.ATLAS_CAP_DELIVERY_ATTEMPTS.read()
CAP_ACK_LINK_DAYS = env.ATLAS_CAP_ACK_LINK_DAYS.read()
CAP_INBOX_MAX_BYTES = env.ATLAS_CAP_INBOX_MAX_BYTES.read()
# An oversized body of at most CAP_INBOX_DRAIN_BYTES is read to its end (and dropped) before the 413 is answered: a
# server that answers without reading closes a connection with unread data, and the client sees a reset, not the 413.
CAP_INBOX_DRAIN_BYTES = env.ATLAS_CAP_INBOX_DRAIN_BYTES.read()
# The inbox's rate limit per focal point: CAP_INBOX_RATE messages a minute, up to CAP_INBOX_BURST at once (a token
# bucket in PostgreSQL, shared by every worker); over it, 429 with Retry-After and a CAP Error.
CAP_INBOX_RATE = env.ATLAS_CAP_INBOX_RATE.read()
CAP_INBOX_BURST = env.ATLAS_CAP_INBOX_BURST.read()
# A second duty officer of the same country (or a regional administrator) approves a draft before it is sent.
CAP_REQUIRE_APPROVAL = env.ATLAS_CAP_REQUIRE_APPROVAL.read()
# The hub's own messages (CAP Error replies of the inbox, Acks of the regional centre): urn:oid:<CAP_HUB_OID>.<random>
# from hub@<CAP_SENDER_DOMAIN>. Set the OID the regional centre registered.
CAP_HUB_OID = env.ATLAS_CAP_HUB_OID.read(f"2.49.0.1.0.{CAP_AUTHORITY}")


CAP_SIGNING = cap_signing(env.ATLAS_CAP_SIGNING.read())


CAP_CONTACTS = cap_contacts(env.ATLAS_CAP_CONTACTS.read())
# External CAP Atom feeds polled every CAP_FEED_POLL_MINUTES (seeded into the admin's ExternalFeed list).
CAP_EXTERNAL_FEEDS = env.ATLAS_CAP_EXTERNAL_FEEDS.read()
CAP_FEED_POLL_MINUTES = env.ATLAS_CAP_FEED_POLL_MINUTES.read()
CAP_FEED_TIMEOUT = env.ATLAS_CAP_FEED_TIMEOUT.read()
CAP_FEED_MAX_BYTES = env.ATLAS_CAP_FEED_MAX_BYTES.read()
# E-mail of the notifications: SMTP from the environment (nothing leaves the machine unless configured).
SMTP_HOST = env.ATLAS_SMTP_HOST.read()
MAILERS = {"default": {
    "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
    "OPTIONS": {"host": SMTP_HOST, "port": env.ATLAS_SMTP_PORT.read(),
                "username": env.ATLAS_SMTP_USER.read(), "password": env.ATLAS_SMTP_PASSWORD.read(),
                "use_tls": env.ATLAS_SMTP_STARTTLS.read(), "use_ssl": env.ATLAS_SMTP_SSL.read(),
                "timeout": env.ATLAS_SMTP_TIMEOUT.read()},
} if SMTP_HOST else {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
DEFAULT_FROM_EMAIL = env.ATLAS_MAIL_FROM.read()

# GDAL 3.6 on Debian 12 is older than Django 6.1 tests against; it works for what the atlas uses.
SILENCED_SYSTEM_CHECKS = ["gis.W001"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.LOG_LEVEL.read()},
    "loggers": {
        "procrastinate": {"level": "WARNING"},
        "numexpr": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
