"""The one settings module of Balai. Every value comes from the environment (see .env.example).

Production mode is one switch, BALAI_PRODUCTION=true: DEBUG is off and Balai refuses to start
without a real SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL and data keys. Outside production mode,
development secrets are generated into var/ so that `make run` works on a fresh machine.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from balai.core import devsecrets
from balai.core.env import env_bool, env_int, env_list, env_secret, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("BALAI_VAR_DIR", str(BASE_DIR / "var")))

PRODUCTION = env_bool("BALAI_PRODUCTION", False)
DEBUG = False if PRODUCTION else env_bool("DEBUG", False)

_dev = {} if PRODUCTION else devsecrets.load_or_create(VAR_DIR / "dev-secrets.json")


def _required(name: str) -> str:
    value = env_secret(name) or _dev.get(name)
    if not value:
        raise ImproperlyConfigured(f"{name} must be set in production mode (BALAI_PRODUCTION=true)")
    return value


SECRET_KEY = _required("SECRET_KEY")
if PRODUCTION and (len(SECRET_KEY) < 50 or SECRET_KEY.startswith("django-insecure")):
    raise ImproperlyConfigured("SECRET_KEY must be a random value of at least 50 characters")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost"])
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set in production mode")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# Personal data at rest: "id:base64key" pairs, the first encrypts, all decrypt (rotation).
BALAI_DATA_KEYS = _required("BALAI_DATA_KEYS")
# Keyed blind index for look-ups by NIK and phone; never rotated with the data keys.
BALAI_INDEX_KEY = _required("BALAI_INDEX_KEY")
# Ed25519 key signing the ledger's published checkpoints (base64 of a 32-byte seed). Outside
# production mode a development key is generated into var/ledger-signing.key; in production the
# checkpoint task refuses to sign without it (balai/ledger/signing.py).
BALAI_LEDGER_SIGNING_KEY = env_secret("BALAI_LEDGER_SIGNING_KEY")

INSTALLED_APPS = [
    "balai.core.apps.BalaiAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django_tasks",
    "django_tasks_db",
    "ninja",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "balai.core",
    "balai.regions",
    "balai.accounts",
    "balai.ledger",
    "balai.privacy",
    "balai.notifications",
    "balai.portal",
    "balai.catalogue",
    "balai.documents",
    "balai.applications",
    "balai.transparency",
    "balai.information",
    "balai.opendata",
    "balai.complaints",
    "balai.participation",
    "balai.literacy",
    "balai.taxes",
    "balai.payments",
    "balai.sms",
    "balai.access_points",
    "balai.innovation",
    "balai.health",
    "balai.competitions",
    "balai.education",
    "balai.api",
    "balai.developers",
    "balai.demo",
    "balai.operations",
]

MIDDLEWARE = [
    # A request id on the response and on every log line; the latency of every request.
    "balai.operations.middleware.RequestIdMiddleware",
    "balai.operations.middleware.RequestMetricsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Public pages for anonymous visitors from the cache, before sessions and the view
    # (balai/core/pagecache.py; docs/performance.md).
    "balai.core.pagecache.PublicPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # ?lang=en shows one page in English without the cookie: the address the page's hreflang
    # alternates and the sitemap give search engines.
    "balai.portal.middleware.LanguageParameterMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # A full or unreachable file storage: a clear 503 page instead of the generic 500.
    "balai.operations.middleware.StorageErrorMiddleware",
    # Session lifetimes (officers 30 minutes idle / 12 hours; citizens see docs/security.md),
    # then two-factor for every officer page and the admin.
    "balai.accounts.middleware.SessionLifetimeMiddleware",
    "balai.accounts.middleware.OfficerTwoFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Parses multipart PUT bodies (the API's PUT /api/v1/applications/{ref}/uploads/{req}).
    "ninja.compatibility.files.fix_request_files_middleware",
    # Per-key, per-endpoint, per-day request and error counters of developer-portal keys.
    "balai.developers.middleware.KeyUsageMiddleware",
    # Login lockout (django-axes): last, so that it sees every sign-in attempt.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "balai.portal.context_processors.portal",
            ],
        },
    },
]

# Database: SQLite (WAL) under var/ by default; PostgreSQL through DATABASE_URL.
DATABASE_URL = env_secret("DATABASE_URL")
if PRODUCTION and not DATABASE_URL:
    raise ImproperlyConfigured("DATABASE_URL must be set in production mode")
# Persistent connections are checked before a request reuses them (CONN_HEALTH_CHECKS): after a
# PostgreSQL restart the first request gets a fresh connection instead of a dead one.
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60,
                                                  conn_health_checks=True)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": VAR_DIR / "balai.sqlite3",
            "OPTIONS": {
                # IMMEDIATE takes the write lock at BEGIN, so concurrent writers queue instead of
                # failing with "database is locked" half-way through a transaction.
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": (
                    "PRAGMA journal_mode=WAL;"
                    "PRAGMA synchronous=NORMAL;"
                    "PRAGMA foreign_keys=ON;"
                ),
            },
        }
    }
# A PostgreSQL streaming replica for public reads (docs/deployment.md, "Read replica"); without
# DATABASE_REPLICA_URL every query goes to the one database, as before.
DATABASE_REPLICA_URL = env_secret("DATABASE_REPLICA_URL")
BALAI_REPLICA_STICKY_SECONDS = env_int("BALAI_REPLICA_STICKY_SECONDS", 5)
BALAI_REPLICA_RETRY_SECONDS = env_int("BALAI_REPLICA_RETRY_SECONDS", 30)
if DATABASE_REPLICA_URL:
    if not DATABASE_URL:
        raise ImproperlyConfigured("DATABASE_REPLICA_URL needs DATABASE_URL (the primary)")
    DATABASES["replica"] = dj_database_url.parse(DATABASE_REPLICA_URL, conn_max_age=60,
                                                 conn_health_checks=True)
    DATABASE_ROUTERS = ["balai.operations.dbrouter.ReplicaRouter"]
    MIDDLEWARE.insert(MIDDLEWARE.index("django.middleware.security.SecurityMiddleware"),
                      "balai.operations.dbrouter.ReplicaMiddleware")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out identifier before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "balai.accounts.backends.IdentifierBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:profile"
LOGOUT_REDIRECT_URL = "portal:home"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_RESET_TIMEOUT = 60 * 60  # one hour

# Language: Bahasa Indonesia first, English available.
LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Pontianak"  # WIB, the time of West Kalimantan
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
# Uploaded and issued files are encrypted at rest by a wrapper around the real storage.
STORAGES = {
    "default": {"BACKEND": "balai.core.storage.EncryptedStorage",
                "OPTIONS": {"inner": env_str("DEFAULT_FILE_STORAGE",
                                             "django.core.files.storage.FileSystemStorage")}},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# S3-compatible object storage for the files (DEFAULT_FILE_STORAGE=balai.core.s3.S3Storage):
# the objects are ciphertext (EncryptedStorage above). The keys are read from the environment
# by django-storages itself (AWS_S3_ACCESS_KEY_ID, AWS_S3_SECRET_ACCESS_KEY). The application
# talks to AWS_S3_ENDPOINT_URL; AWS_S3_PUBLIC_ENDPOINT_URL is the address browsers use, for
# which signed URLs are made. See docs/deployment.md.
AWS_STORAGE_BUCKET_NAME = env_str("AWS_STORAGE_BUCKET_NAME", "")
AWS_S3_ENDPOINT_URL = env_str("AWS_S3_ENDPOINT_URL", "") or None
AWS_S3_PUBLIC_ENDPOINT_URL = env_str("AWS_S3_PUBLIC_ENDPOINT_URL", "") or None
AWS_S3_REGION_NAME = env_str("AWS_S3_REGION_NAME", "us-east-1")
AWS_QUERYSTRING_EXPIRE = env_int("AWS_QUERYSTRING_EXPIRE", 300)

# Cache (API rate limits): shared by every process of one machine through files under var/.
# Several app servers share one through the database: CACHE_BACKEND=
# django.core.cache.backends.db.DatabaseCache, CACHE_LOCATION=balai_cache, then
# `manage.py createcachetable`.
CACHES = {
    "default": {
        "BACKEND": env_str("CACHE_BACKEND", "django.core.cache.backends.filebased.FileBasedCache"),
        "LOCATION": env_str("CACHE_LOCATION", str(VAR_DIR / "cache")),
    }
}
# Several app servers behind one proxy (docs/deployment.md): REDIS_URL (redis://host:6379/0)
# puts the cache, so the rate limits, in Redis, and sessions in the cache with the database
# behind it, so that any app server continues any session.
REDIS_URL = env_secret("REDIS_URL") or ""
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                          "LOCATION": REDIS_URL}}
# Public pages for anonymous visitors (balai/core/pagecache.py): how long the server keeps one
# at most (seconds; 0 turns the page cache off), and the max-age it tells browsers and a
# reverse proxy. Changes made through Balai's actions show at once on the server.
BALAI_PAGE_CACHE_SECONDS = env_int("BALAI_PAGE_CACHE_SECONDS", 600)
BALAI_PUBLIC_MAX_AGE = env_int("BALAI_PUBLIC_MAX_AGE", 60)
SESSION_ENGINE = ("django.contrib.sessions.backends.cached_db" if REDIS_URL
                  else "django.contrib.sessions.backends.db")

# Background work: django-tasks with the database backend, run by `manage.py db_worker`.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

# Mail: console in development, SMTP when EMAIL_HOST is set.
EMAIL_HOST = env_str("EMAIL_HOST", "")
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_secret("EMAIL_HOST_PASSWORD") or ""
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend",
)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Balai Kubu Raya <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# SMS: the development backend keeps messages in the outbox, readable in admin.
SMS_BACKEND = env_str("SMS_BACKEND", "balai.notifications.sms.DevelopmentSmsBackend")
SMS_HTTP_URL = env_str("SMS_HTTP_URL", "")
SMS_HTTP_TOKEN = env_secret("SMS_HTTP_TOKEN") or ""
SMS_HTTP_SENDER = env_str("SMS_HTTP_SENDER", "BALAI")
NOTIFICATION_MAX_ATTEMPTS = env_int("NOTIFICATION_MAX_ATTEMPTS", 5)
# Inbound SMS (POST /sms/masuk/, docs/howto/sms.md): the secret the gateway signs each
# delivery with (HMAC-SHA256); empty refuses every delivery. Signed timestamps older or newer
# than the skew are refused, so a captured delivery cannot be replayed later.
SMS_INBOUND_SECRET = env_secret("SMS_INBOUND_SECRET") or ""
SMS_INBOUND_MAX_SKEW = env_int("SMS_INBOUND_MAX_SKEW", 300)
# What the provider charges per SMS segment, in rupiah: shown before a bulk SMS is sent.
SMS_PRICE_PER_SEGMENT = env_int("SMS_PRICE_PER_SEGMENT", 350)

# Security headers and cookies.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# Session lifetimes (ASVS 3.3): the cookie lives as long as the longest allowed session; the
# middleware balai.accounts.middleware.SessionLifetimeMiddleware ends sessions earlier.
BALAI_OFFICER_SESSION_IDLE = env_int("BALAI_OFFICER_SESSION_IDLE", 30 * 60)
BALAI_OFFICER_SESSION_MAX = env_int("BALAI_OFFICER_SESSION_MAX", 12 * 60 * 60)
BALAI_CITIZEN_SESSION_IDLE = env_int("BALAI_CITIZEN_SESSION_IDLE", 7 * 24 * 60 * 60)
BALAI_CITIZEN_SESSION_MAX = env_int("BALAI_CITIZEN_SESSION_MAX", 30 * 24 * 60 * 60)
SESSION_COOKIE_AGE = BALAI_CITIZEN_SESSION_MAX

# Two-factor (django-otp TOTP) for every officer (balai.accounts.twofactor); signing a
# document asks for a fresh code in the signing form itself.
OTP_TOTP_ISSUER = env_str("OTP_TOTP_ISSUER", "Balai Kubu Raya")

# Login lockout (django-axes): per account identifier together with the client address, never
# the address alone (many citizens share one carrier-NAT address). The identifier is
# normalised so that a NIK, email, phone and username of one account count together.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 15) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_CALLABLE = "balai.accounts.lockout.lockout_key"
AXES_LOCKOUT_CALLABLE = "balai.accounts.lockout.locked_out"
AXES_RESET_ON_SUCCESS = True
AXES_DISABLE_ACCESS_LOG = True
AXES_VERBOSE = False
if env_bool("BEHIND_TLS_PROXY", PRODUCTION):
    AXES_IPWARE_PROXY_COUNT = env_int("AXES_IPWARE_PROXY_COUNT", 1)
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]

# Throttles of abusable pages (balai.core.ratelimit): "count/seconds" per client address and
# per account. A refused request gets HTTP 429 with Retry-After and an Indonesian message.
BALAI_RATE_LIMITS = {
    "register": {"ip": (20, 3600), "account": (5, 3600)},
    "confirm_code": {"ip": (30, 900), "account": (10, 900)},
    "resend_code": {"ip": (10, 900), "account": (3, 900)},
    "password_reset": {"ip": (10, 3600), "account": (3, 3600)},
    "status_lookup": {"ip": (30, 60)},
    "tax_lookup": {"ip": (30, 60)},
    # Commands by SMS, per sender number (STOP and MULAI are never limited).
    "sms_inbound": {"account": (10, 3600)},
    "two_factor": {"ip": (30, 900), "account": (10, 900)},
    "outage_report": {"ip": (20, 3600), "account": (5, 3600)},
}
CSRF_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "balai.portal.views.csrf_failure"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", PRODUCTION)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", PRODUCTION)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", PRODUCTION)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000 if PRODUCTION else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", PRODUCTION)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", PRODUCTION)
if env_bool("BEHIND_TLS_PROXY", PRODUCTION):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Probes and Prometheus talk to the app server directly, over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$", r"^metrics$"]

# No inline script anywhere: pages work without JavaScript, and what JavaScript there is
# lives in static files.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# Rate limits of the open API (/api/v1/): per client address without credentials, per token
# (or session user) with them. docs/howto/api.md.
BALAI_API_RATES = {
    "anon": env_str("BALAI_API_RATE_ANON", "60/min"),
    "auth": env_str("BALAI_API_RATE_AUTH", "600/min"),
}

# Registration one-time codes.
OTP_CODE_TTL_SECONDS = env_int("OTP_CODE_TTL_SECONDS", 10 * 60)
OTP_MAX_ATTEMPTS = env_int("OTP_MAX_ATTEMPTS", 5)
OTP_LOCK_SECONDS = env_int("OTP_LOCK_SECONDS", 15 * 60)

# The regency this installation serves (its Kemendagri code, loaded by `load_regions`).
BALAI_REGENCY_CODE = env_str("BALAI_REGENCY_CODE", "61.12")
BALAI_REGENCY_NAME = env_str("BALAI_REGENCY_NAME", "Kabupaten Kubu Raya")
# The office whose petugas and admin manage public internet access points and coverage.
BALAI_ACCESS_POINTS_OFFICE = env_str("BALAI_ACCESS_POINTS_OFFICE", "diskominfo")
# The base map under the public access-point map: a slippy-map tile URL with {z}, {x} and {y}
# (e.g. a regency's own tile server or OpenStreetMap's, within its usage policy), the highest
# zoom asked for, and the attribution the tile provider requires. Empty: points only.
BALAI_MAP_TILE_URL = env_str("BALAI_MAP_TILE_URL", "")
BALAI_MAP_TILE_MAX_ZOOM = env_int("BALAI_MAP_TILE_MAX_ZOOM", 14)
BALAI_MAP_TILE_ATTRIBUTION = env_str("BALAI_MAP_TILE_ATTRIBUTION", "")
if BALAI_MAP_TILE_URL and not (BALAI_MAP_TILE_URL.startswith("https://")
                               and all(f"{{{k}}}" in BALAI_MAP_TILE_URL for k in "zxy")):
    raise ImproperlyConfigured("BALAI_MAP_TILE_URL must be an https:// URL with {z}, {x} and {y}")
# Registration numbers of applications: <prefix>-<year>-<sequence>, e.g. KR-2026-000123.
BALAI_APPLICATION_NUMBER_PREFIX = env_str("BALAI_APPLICATION_NUMBER_PREFIX", "KR")
if re.fullmatch(r"[A-Z]{2}", BALAI_APPLICATION_NUMBER_PREFIX) is None:
    raise ImproperlyConfigured("BALAI_APPLICATION_NUMBER_PREFIX must be two capital letters")

# Issued documents: the public address printed in their QR codes, the letterhead address, and
# the signing keys. Production: one PKCS#12 file per signing official, <username>.p12, in
# BALAI_SIGNING_P12_DIR. Development: `manage.py create_dev_pki` writes a development CA and
# officials' certificates into var/pki/ (never used in production mode). docs/howto/signing.md.
BALAI_PUBLIC_URL = env_str(
    "BALAI_PUBLIC_URL",
    f"https://{ALLOWED_HOSTS[0].lstrip('.')}" if PRODUCTION else "http://127.0.0.1:8000",
).rstrip("/")
# --- Developer portal webhooks (docs/howto/developers.md) -------------------------------------
# Lets webhook endpoints point at private, loopback or non-443 addresses. Development and tests
# only: in production it would let developers make Balai call its own network (SSRF).
BALAI_WEBHOOK_ALLOW_PRIVATE = (False if PRODUCTION
                               else env_bool("BALAI_WEBHOOK_ALLOW_PRIVATE", False))
BALAI_REGENCY_ADDRESS = env_str(
    "BALAI_REGENCY_ADDRESS", "Jl. Arteri Supadio, Sungai Raya, Kubu Raya, Kalimantan Barat")
BALAI_SIGNING_P12_DIR = env_str("BALAI_SIGNING_P12_DIR", "")
BALAI_SIGNING_P12_PASSWORD = env_secret("BALAI_SIGNING_P12_PASSWORD") or ""
BALAI_DEV_PKI_DIR = "" if PRODUCTION else str(VAR_DIR / "pki")
# Signatures are PAdES B-LTA: time-stamped by an RFC 3161 TSA. Production: the TSA's URL (e.g.
# BSrE's) with optional HTTP Basic credentials. Empty outside production mode: Balai's own
# development TSA (also served at /pki/tsa). A PEM file of the roots that the officials' and
# the TSA's certificates chain to, when the PKCS#12 files do not carry them.
BALAI_TSA_URL = env_str("BALAI_TSA_URL", "")
BALAI_TSA_USERNAME = env_str("BALAI_TSA_USERNAME", "")
BALAI_TSA_PASSWORD = env_secret("BALAI_TSA_PASSWORD") or ""
BALAI_SIGNING_TRUST_ROOTS = env_str("BALAI_SIGNING_TRUST_ROOTS", "")

# /.well-known/security.txt (RFC 9116): where to report a vulnerability (a mailto: or https:
# URI), and a page describing the disclosure policy, if the regency publishes one.
BALAI_SECURITY_CONTACT = env_str(
    "BALAI_SECURITY_CONTACT", f"mailto:security@{urlsplit(BALAI_PUBLIC_URL).hostname}")
BALAI_SECURITY_POLICY_URL = env_str("BALAI_SECURITY_POLICY_URL", "")

# Regency taxes and payments (docs/howto/bank-api.md): the office that receives tax revenue,
# the partner banks' X-TIMESTAMP window in seconds, how many days late a bank may post a
# payment, and the built-in sandbox bank (never in production mode).
BALAI_TAX_OFFICE = env_str("BALAI_TAX_OFFICE", "bapenda")
BALAI_BANK_TIMESTAMP_TOLERANCE = env_int("BALAI_BANK_TIMESTAMP_TOLERANCE", 300)
BALAI_BANK_MAX_POSTING_DAYS = env_int("BALAI_BANK_MAX_POSTING_DAYS", 7)
BALAI_BANK_SANDBOX = False if PRODUCTION else env_bool("BALAI_BANK_SANDBOX", True)

# Logs: LOG_FORMAT=json writes one JSON object per line, text a readable line; both carry the
# request id of balai.operations.middleware.RequestIdMiddleware (docs/deployment.md, "Logs").
LOG_FORMAT = env_str("LOG_FORMAT", "text")
if LOG_FORMAT not in ("text", "json"):
    raise ImproperlyConfigured(f"LOG_FORMAT must be 'text' or 'json', not {LOG_FORMAT!r}")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "balai.operations.logging.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "balai.operations.logging.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["request_id"],
                             "formatter": LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # WeasyPrint reports each rendering step at INFO (even at import): keep only its warnings.
    "loggers": {"weasyprint": {"level": "WARNING"}, "fontTools": {"level": "WARNING"}},
}

# Operations (docs/deployment.md): the key of encrypted backups ("id:base64(32 bytes)" pairs,
# the first encrypts, all decrypt); who may read /metrics (addresses or networks, and/or a
# bearer token); how long the oldest ready task may wait before /readyz fails.
BALAI_BACKUP_KEYS = env_secret("BALAI_BACKUP_KEYS")
BALAI_METRICS_ALLOWED_IPS = env_list("BALAI_METRICS_ALLOWED_IPS")
BALAI_METRICS_TOKEN = env_secret("BALAI_METRICS_TOKEN") or ""
BALAI_READY_MAX_TASK_AGE = env_int("BALAI_READY_MAX_TASK_AGE", 300)
# A task RUNNING longer than this (seconds) lost its worker (killed mid-task) and is put back in
# the queue by `run_scheduler`; after BALAI_TASK_MAX_ATTEMPTS claims it is failed instead
# (balai/operations/actions.py). Must exceed the longest task's run time.
BALAI_TASK_STALE_AFTER = env_int("BALAI_TASK_STALE_AFTER", 1800)
BALAI_TASK_MAX_ATTEMPTS = env_int("BALAI_TASK_MAX_ATTEMPTS", 3)

# School admission (SPMB) opening day: how many sessions may fill the registration form at once,
# and for how many minutes one admission lasts; the others wait in the waiting room.
SPMB_WAITING_ROOM_SLOTS = env_int("SPMB_WAITING_ROOM_SLOTS", 200)
SPMB_ADMISSION_MINUTES = env_int("SPMB_ADMISSION_MINUTES", 20)

# The ledger's sequencer: at most one enqueue per this many seconds (0: after every commit that
# appends), and at most this many entries per sealed Merkle batch.
BALAI_LEDGER_SEQUENCE_DEBOUNCE = env_int("BALAI_LEDGER_SEQUENCE_DEBOUNCE", 1)
BALAI_LEDGER_BATCH_MAX = env_int("BALAI_LEDGER_BATCH_MAX", 1000)
# Public keys (hex) that signed ledger batches before the current BALAI_LEDGER_SIGNING_KEY.
BALAI_LEDGER_RETIRED_PUBLIC_KEYS = env_list("BALAI_LEDGER_RETIRED_PUBLIC_KEYS", [])

# Periodic tasks, enqueued by `manage.py run_scheduler` (started by `make run` beside the worker).
BALAI_PERIODIC_TASKS = [
    # Webhook deliveries that are due: retries with backoff, and any whose task was lost.
    ("balai.developers.tasks.deliver_due_webhooks", {"every": 60}),
    # The outbox sweep: messages whose delivery task was lost in a crash, and retries.
    ("balai.notifications.tasks.deliver_due_messages", {"every": 60}),
    # The ledger's sequencer is enqueued after each commit that appends entries; this sweep
    # catches any run that was skipped (a lost task, or a commit racing a running sequencer).
    ("balai.ledger.tasks.sequence_ledger", {"every": 15}),
    # The ledger's head signed and published every hour; the whole chain recomputed nightly.
    ("balai.ledger.tasks.sign_checkpoint", {"every": 3600}),
    ("balai.ledger.tasks.verify_ledger", {"daily_at": "01:30"}),
    # UU PDP retention: access logs and answered data requests past their period (WIB).
    ("balai.privacy.tasks.apply_retention", {"daily_at": "03:00"}),
    # Overdue applications escalated to their office heads, every morning (WIB).
    ("balai.applications.tasks.escalate_overdue", {"daily_at": "07:00"}),
    # Complaints past a stage deadline escalated to their office heads (WIB).
    ("balai.complaints.tasks.escalate_overdue", {"daily_at": "07:05"}),
    # UU KIP deadlines: reminders to the PPID before, escalation to the atasan after (WIB).
    ("balai.information.tasks.remind_and_escalate", {"daily_at": "07:15"}),
    # Balai's own statistics as open datasets, from the dashboard's aggregates.
    ("balai.opendata.tasks.refresh_statistics", {"daily_at": "02:00"}),
    # Patients booked in a polyclinic queue reminded the afternoon before (WIB).
    ("balai.health.tasks.remind_tomorrow", {"daily_at": "16:00"}),
    # Visit stage times BPJS's Antrean Online has not accepted yet, sent again.
    ("balai.health.tasks.send_pending_bpjs_tasks", {"every": 300}),
    # SPMB: seats not re-registered by their deadline go to the next in line.
    ("balai.education.tasks.expire_reregistrations", {"every": 3600}),
]
