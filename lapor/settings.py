"""Settings for lapor, read from the environment (see the configuration table in README.md).

Every variable is parsed strictly by lapor.env: a wrong value stops start-up with a message
that names the variable. Secrets have no production default.
"""

from datetime import timedelta
from pathlib import Path

from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _
from whitenoise.compress import Compressor

from lapor.env import (
    env_bool,
    env_choice,
    env_database,
    env_int,
    env_ladder,
    env_list,
    env_str,
    env_time_zone,
    tile_origins,
)

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", False)
# Required in production; only a development server may run on the built-in key.
SECRET_KEY = (
    env_str("SECRET_KEY", "insecure-development-key-never-in-production")
    if DEBUG
    else env_str("SECRET_KEY")
)
# The previous key while a new one is rolled out (docs/security.md, "Rotating secrets").
SECRET_KEY_FALLBACKS = env_list("SECRET_KEY_FALLBACKS", [])
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

LAPOR_REGION_NAME = env_str("LAPOR_REGION_NAME", "Kabupaten Semarang")

INSTALLED_APPS = [
    "accounts.apps.LaporAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.postgres",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_q",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "pgtrigger",
    "accounts",
    "complaints",
    "disposition",
]

MIDDLEWARE = [
    "lapor.middleware.form_data_middleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Below WhiteNoise: static files come compressed already and never pass through here.
    "lapor.middleware.TextGZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "lapor.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "accounts.middleware.StaffSessionMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "lapor.urls"
WSGI_APPLICATION = "lapor.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "lapor.context_processors.region",
                "complaints.sp4n.status.footer",
            ],
        },
    },
]

# Select lists drawn in Python, the same HTML as Django's templates (lapor/form_renderer.py).
FORM_RENDERER = "lapor.form_renderer.QuickSelectRenderer"

# Reusing connections makes a one-query view several times faster (docs/performance.md);
# health checks drop a connection that the server closed in the meantime.
CONN_MAX_AGE = env_int("CONN_MAX_AGE", 600, minimum=0)
DATABASES = {
    "default": env_database(
        "DATABASE_URL", "postgres://postgres@127.0.0.1:5432/lapor", conn_max_age=CONN_MAX_AGE
    )
}
# A hot standby for the dashboards and exports (lapor/replica.py, docs/scaling.md): off unless
# set. Its tests run against the primary's test database.
if env_str("LAPOR_REPLICA_DATABASE_URL", ""):
    DATABASES["replica"] = {
        **env_database("LAPOR_REPLICA_DATABASE_URL", conn_max_age=CONN_MAX_AGE),
        "TEST": {"MIRROR": "default"},
    }
DATABASE_ROUTERS = ["lapor.replica.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "accounts.throttle.LoginThrottleBackend",  # refuses a locked-out account or address first
    "accounts.backends.AppointmentBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    # Staff (who see identities): twelve characters at least.
    {"NAME": "accounts.passwords.StaffPasswordLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "complaints:my_reports"
LOGOUT_REDIRECT_URL = "home"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24  # a reset or confirmation link works for one day

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = env_time_zone("TIME_ZONE", "Asia/Jakarta")
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "var" / "static")))
# `make deps` writes the Bootstrap the pages use to var/css (PurgeCSS); it is found before the
# whole file, which stays the fallback.
_PURGED_CSS = BASE_DIR / "var" / "css"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    *([("vendor/bootstrap/css", _PURGED_CSS)] if _PURGED_CSS.is_dir() else []),
    ("vendor/bootstrap", BASE_DIR / "node_modules" / "bootstrap" / "dist"),
    ("vendor/leaflet", BASE_DIR / "node_modules" / "leaflet" / "dist"),
]
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
# Attachments on S3-compatible object storage (MinIO, Ceph, a cloud's) when a bucket is set,
# so that several web nodes serve the same files; else the local disk. Either way files are
# read through lapor's access check (/lampiran/<id>/), never by a public URL.
LAPOR_S3_BUCKET = env_str("LAPOR_S3_BUCKET", "")
LAPOR_S3_ENDPOINT_URL = env_str("LAPOR_S3_ENDPOINT_URL", "")
_LOCAL_FILES = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
_OBJECT_STORAGE = {
    "BACKEND": "storages.backends.s3.S3Storage",
    "OPTIONS": {
        "bucket_name": LAPOR_S3_BUCKET,
        "endpoint_url": LAPOR_S3_ENDPOINT_URL or None,
        "access_key": env_str("LAPOR_S3_ACCESS_KEY", "") or None,
        "secret_key": env_str("LAPOR_S3_SECRET_KEY", "") or None,
        "region_name": env_str("LAPOR_S3_REGION", "") or None,
        "default_acl": "private",
        "file_overwrite": False,
        "querystring_auth": True,
    },
}
STORAGES = {
    "default": _OBJECT_STORAGE if LAPOR_S3_BUCKET else _LOCAL_FILES,
    # Hashed names (cached for a year) and brotli/gzip copies, made by collectstatic: always
    # in production, and in `make run` (scripts/dev.py sets this and collects first).
    "staticfiles": {
        "BACKEND": (
            "lapor.static.HashedStaticFiles"
            if env_bool("LAPOR_STATIC_MANIFEST", not DEBUG)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# Source maps are for developers' tools, never sent to a phone: not worth compressing.
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = (*Compressor.SKIP_COMPRESS_EXTENSIONS, "map")

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# E-mail: the console in development, SMTP otherwise, unless EMAIL_BACKEND says. Django 6.1
# configures mail through MAILERS; the EMAIL_* names are our environment variables' names.
_SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
_EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend" if DEBUG else _SMTP_BACKEND,
)
_SMTP_OPTIONS = {
    "host": env_str("EMAIL_HOST", "localhost"),
    "port": env_int("EMAIL_PORT", 25, minimum=1, maximum=65535),
    "username": env_str("EMAIL_HOST_USER", ""),
    "password": env_str("EMAIL_HOST_PASSWORD", ""),
    "use_tls": env_bool("EMAIL_USE_TLS", False),
    "use_ssl": env_bool("EMAIL_USE_SSL", False),
    "timeout": env_int("EMAIL_TIMEOUT", 20, minimum=1),
}
if _SMTP_OPTIONS["use_tls"] and _SMTP_OPTIONS["use_ssl"]:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("EMAIL_USE_TLS and EMAIL_USE_SSL cannot both be true.")
MAILERS = {
    "default": {
        "BACKEND": _EMAIL_BACKEND,
        "OPTIONS": _SMTP_OPTIONS if _EMAIL_BACKEND == _SMTP_BACKEND else {},
    }
}
# Escalation after a missed deadline: "working days late:audience" steps. "unit" is the lead
# unit's operators and head (the coordinators for a report not yet verified), "coordinator"
# the coordinators, "leaders" the region's leaders (pimpinan: region-wide viewers, e.g. the
# Sekda), e.g. "0:unit,2:coordinator,5:leaders".
LAPOR_ESCALATION_LADDER = env_ladder("LAPOR_ESCALATION_LADDER", "0:unit,2:coordinator",
                                     audiences=("unit", "coordinator", "leaders"))
LAPOR_DIGEST_HOUR = env_int("LAPOR_DIGEST_HOUR", 8, minimum=0, maximum=23)
# The leaders' weekly summary of overdue work per unit: the day (0 = Monday) it goes out, at
# LAPOR_DIGEST_HOUR.
LAPOR_LEADER_SUMMARY_WEEKDAY = env_int("LAPOR_LEADER_SUMMARY_WEEKDAY", 0, minimum=0, maximum=6)
# Phone channels (lapor/channels/, docs/channels.md). "log" records messages without sending
# them ("dicatat, tidak dikirim") until a provider is configured; a channel switched to a
# provider refuses to start without that provider's settings, naming the variable.
LAPOR_WHATSAPP_PROVIDER = env_choice("LAPOR_WHATSAPP_PROVIDER", ["log", "cloud", "webhook"], "log")
LAPOR_SMS_PROVIDER = env_choice("LAPOR_SMS_PROVIDER", ["log", "webhook"], "log")
# WhatsApp Business Cloud API (Meta's Graph API).
LAPOR_WHATSAPP_GRAPH_URL = env_str("LAPOR_WHATSAPP_GRAPH_URL",
                                   "https://graph.facebook.com/v21.0").rstrip("/")
LAPOR_WHATSAPP_TOKEN = env_str("LAPOR_WHATSAPP_TOKEN", "")
LAPOR_WHATSAPP_PHONE_NUMBER_ID = env_str("LAPOR_WHATSAPP_PHONE_NUMBER_ID", "")
LAPOR_WHATSAPP_APP_SECRET = env_str("LAPOR_WHATSAPP_APP_SECRET", "")
LAPOR_WHATSAPP_VERIFY_TOKEN = env_str("LAPOR_WHATSAPP_VERIFY_TOKEN", "")
# The pre-approved template for messages outside the 24-hour window: one body parameter.
LAPOR_WHATSAPP_TEMPLATE = env_str("LAPOR_WHATSAPP_TEMPLATE", "")
LAPOR_WHATSAPP_TEMPLATE_LANGUAGE = env_str("LAPOR_WHATSAPP_TEMPLATE_LANGUAGE", "id")
# lapor's signed JSON webhook (an SMS gateway or a WhatsApp BSP's relay), both directions.
LAPOR_SHORT_MESSAGE_WEBHOOK_URL = env_str("LAPOR_SHORT_MESSAGE_WEBHOOK_URL", "")
LAPOR_SHORT_MESSAGE_WEBHOOK_SECRET = env_str("LAPOR_SHORT_MESSAGE_WEBHOOK_SECRET", "")
_PROVIDER_NEEDS = {
    "cloud": ["LAPOR_WHATSAPP_TOKEN", "LAPOR_WHATSAPP_PHONE_NUMBER_ID",
              "LAPOR_WHATSAPP_APP_SECRET", "LAPOR_WHATSAPP_VERIFY_TOKEN",
              "LAPOR_WHATSAPP_TEMPLATE"],
    "webhook": ["LAPOR_SHORT_MESSAGE_WEBHOOK_URL", "LAPOR_SHORT_MESSAGE_WEBHOOK_SECRET"],
}
for _channel, _provider in (("WhatsApp", LAPOR_WHATSAPP_PROVIDER), ("SMS", LAPOR_SMS_PROVIDER)):
    _missing = [name for name in _PROVIDER_NEEDS.get(_provider, []) if not globals()[name]]
    if _missing:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(
            f"{_channel} is switched to the {_provider!r} provider but {', '.join(_missing)} "
            "is not set (docs/channels.md).")
if LAPOR_SHORT_MESSAGE_WEBHOOK_URL and not LAPOR_SHORT_MESSAGE_WEBHOOK_URL.startswith(
        ("https://", "http://")):
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("LAPOR_SHORT_MESSAGE_WEBHOOK_URL must be an http(s):// address.")
# SP4N-LAPOR! (complaints/sp4n/, docs/sp4n.md): off until an adapter is named.
LAPOR_SP4N_ADAPTER = env_str("LAPOR_SP4N_ADAPTER", "")
LAPOR_SP4N_BASE_URL = env_str("LAPOR_SP4N_BASE_URL", "")
LAPOR_SP4N_TOKEN = env_str("LAPOR_SP4N_TOKEN", "")
LAPOR_SP4N_CATEGORY = env_str("LAPOR_SP4N_CATEGORY", "lainnya")
for _name in ("LAPOR_SP4N_BASE_URL", "LAPOR_SP4N_TOKEN"):
    if LAPOR_SP4N_ADAPTER and not globals()[_name]:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(f"LAPOR_SP4N_ADAPTER is set but {_name} is not "
                                   "(docs/sp4n.md).")
# A conversation left unfinished this long is cancelled and its draft forgotten.
LAPOR_CONVERSATION_HOURS = env_int("LAPOR_CONVERSATION_HOURS", 24, minimum=1, maximum=168)
# The category of reports filed by conversation until the coordinator sets the right one.
LAPOR_CONVERSATION_CATEGORY = env_str("LAPOR_CONVERSATION_CATEGORY", "lainnya")
# The region's bounding box "west,south,east,north" (degrees): a location outside it is still
# accepted (no wrong door) and marked for the coordinator.
LAPOR_REGION_BBOX = env_str("LAPOR_REGION_BBOX", "110.25,-7.45,110.65,-7.05")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "lapor <noreply@lapor.test>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Security headers. Behind a TLS-terminating proxy set SECURE_PROXY_SSL_HEADER=true.
if env_bool("SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
# security.txt (RFC 9116): who receives vulnerability reports, and the disclosure policy.
LAPOR_SECURITY_CONTACT = env_str("LAPOR_SECURITY_CONTACT", "keamanan@lapor.test")
LAPOR_SECURITY_POLICY_URL = env_str("LAPOR_SECURITY_POLICY_URL", "")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# The maps' tiles ({z}/{x}/{y} in the URL) and the attribution their licence asks for; any
# tile server the region may use (its own, a provincial one). "" shows pins without a map.
LAPOR_MAP_TILES = env_str("LAPOR_MAP_TILES", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
LAPOR_MAP_ATTRIBUTION = env_str(
    "LAPOR_MAP_ATTRIBUTION",
    '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>')
# Only our own files and the map's tiles; no inline script or style, no other origin.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:", *tile_origins(LAPOR_MAP_TILES)],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

# The worker: django-q2 with the ORM broker on the same database.
Q_CLUSTER = {
    "name": "lapor",
    # The same database as the rows: complaints/notifications.py queues a task in the
    # transaction that writes what it delivers, so both commit (or roll back) together.
    "orm": "default",
    # The ORM broker, which also queues the receipts that filings write without a task.
    "broker_class": "complaints.broker.OutboxBroker",
    "workers": env_int("Q_WORKERS", 2, minimum=1, maximum=32),
    "timeout": 120,
    "retry": 300,
    "max_attempts": 3,
    "catch_up": False,
    "save_limit": 500,
    "poll": 1,
    "label": _("Antrean tugas"),
}
# The citizen side.
# Absolute address of the site, for links in e-mails sent by the worker (no request there).
LAPOR_SITE_URL = env_str("LAPOR_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# Reports one address (or one account) may file per hour; 0 turns the limit off.
LAPOR_SUBMIT_LIMIT_PER_HOUR = env_int("LAPOR_SUBMIT_LIMIT_PER_HOUR", 10, minimum=0)
# The public list and a public report are drawn once and served to every visitor who is not
# logged in for this long (complaints/shared_pages.py); 0 draws them for each visitor.
LAPOR_PUBLIC_PAGE_SECONDS = env_int("LAPOR_PUBLIC_PAGE_SECONDS", 30, minimum=0)
# How many proxies of ours put the client's address into X-Forwarded-For (0: trust none).
LAPOR_TRUSTED_PROXIES = env_int("LAPOR_TRUSTED_PROXIES", 0, minimum=0, maximum=5)

# Login protection (django-axes, its attempts in PostgreSQL): after LAPOR_LOGIN_FAILURES
# failures an address is locked out, and so is an account from that address — not from the
# real user's own —, for LAPOR_LOGIN_LOCKOUT_MINUTES. Coordinators unlock in the admin.
AXES_FAILURE_LIMIT = env_int("LAPOR_LOGIN_FAILURES", 5, minimum=1, maximum=100)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LAPOR_LOGIN_LOCKOUT_MINUTES", 15, minimum=1))
AXES_LOCKOUT_PARAMETERS = ["ip_address", ["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "accounts.ratelimit.client_address"
AXES_LOCKOUT_CALLABLE = "accounts.throttle.locked_out"
AXES_RESET_ON_SUCCESS = True
AXES_DISABLE_ACCESS_LOG = True  # successful logins: lapor's own access log keeps what matters
AXES_SENSITIVE_PARAMETERS = ["password", "otp_token"]
AXES_VERBOSE = False
LAPOR_RESET_LIMIT_PER_HOUR = env_int("LAPOR_RESET_LIMIT_PER_HOUR", 5, minimum=1)

# Staff: a second factor (TOTP, recovery codes) for the appointment roles listed — by default
# every role in production, none in development —, and sessions that end after idle minutes.
_STAFF_ROLES = ["coordinator", "operator", "approver", "viewer"]
# "none" turns it off (an empty value means the default).
LAPOR_TWO_FACTOR_ROLES = frozenset(
    env_list("LAPOR_TWO_FACTOR_ROLES", [] if DEBUG else _STAFF_ROLES)) - {"none"}
if LAPOR_TWO_FACTOR_ROLES - set(_STAFF_ROLES):
    raise ImproperlyConfigured("LAPOR_TWO_FACTOR_ROLES: use coordinator, operator, approver "
                               "and viewer, comma-separated.")
LAPOR_STAFF_IDLE_MINUTES = env_int("LAPOR_STAFF_IDLE_MINUTES", 30, minimum=1)
OTP_TOTP_ISSUER = f"lapor {LAPOR_REGION_NAME}"

# Retention (UU PDP 27/2022; docs/security.md): the worker removes, once a day and for good,
# the reporter's identity, contacts and files of reports finished more than N years ago,
# WhatsApp/SMS conversations and messages after N days, and access-log entries after N days
# (the database keeps them a year at least).
LAPOR_RETAIN_FINISHED_REPORT_YEARS = env_int("LAPOR_RETAIN_FINISHED_REPORT_YEARS", 5, minimum=1)
LAPOR_RETAIN_CONVERSATION_DAYS = env_int("LAPOR_RETAIN_CONVERSATION_DAYS", 90, minimum=1)
LAPOR_RETAIN_MESSAGE_LOG_DAYS = env_int("LAPOR_RETAIN_MESSAGE_LOG_DAYS", 365, minimum=30)
LAPOR_RETAIN_ACCESS_LOG_DAYS = env_int("LAPOR_RETAIN_ACCESS_LOG_DAYS", 730, minimum=365)
# Five attachments and the form's fields; more is refused before any file is read.
DATA_UPLOAD_MAX_NUMBER_FILES = 10

# The worker counts as stuck when its heartbeat is older than this.
LAPOR_HEARTBEAT_STALE_SECONDS = env_int("LAPOR_HEARTBEAT_STALE_SECONDS", 300, minimum=30)

LOG_LEVEL = env_choice("LOG_LEVEL", ["DEBUG", "INFO", "WARNING", "ERROR"], "INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    # axes says at every login how many failures it cleared: only its warnings matter.
    "loggers": {"django.db.backends": {"level": "INFO"}, "axes": {"level": "WARNING"}},
}
