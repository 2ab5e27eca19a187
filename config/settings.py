"""Settings for MSP: one module, driven by environment variables with safe local defaults."""

import datetime
import os
import secrets
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def machine_secret(path: Path) -> str:
    """Development only: a random key made once for this checkout and kept beside it, never a fixed one."""
    try:
        handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text().strip()
    key = secrets.token_urlsafe(50)
    with os.fdopen(handle, "w") as file:
        file.write(key)
    return key


# Production unless asked otherwise: the demo (scripts/demo.sh) and the tests (config/test_settings.py) set
# MSP_DEBUG=1, as a developer does on their own machine.
DEBUG = env_bool("MSP_DEBUG", False)
SECRET_KEY = os.environ.get("MSP_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise RuntimeError(
            "Set MSP_SECRET_KEY (a long random string, kept secret) to run MSP, "
            "or MSP_DEBUG=1 to run it for development on this machine."
        )
    SECRET_KEY = machine_secret(BASE_DIR / ".secret_key")
ALLOWED_HOSTS = [
    h.strip() for h in os.environ.get("MSP_ALLOWED_HOSTS", "localhost,127.0.0.1").split(",") if h
]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("MSP_CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "whitenoise.runserver_nostatic",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.forms",
    "axes",  # sign-in lock-outs (msp/accounts/signin.py)
    "django_otp",  # two-factor sign-in (msp/accounts/two_factor.py)
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "csp",  # the Content-Security-Policy header, and its nonce in templates
    "msp.core",
    "msp.accounts",
    "msp.councils",
    "msp.tempcheck",
    "msp.reports",
    "msp.coding",
    "msp.cases",
    "msp.outcomes",
    "msp.extracts",
    "django_tasks",
    "django_tasks_db",  # the queue of background work, in the database; `msp db_worker` runs it
    "ninja",  # the API's docs page and its static files
    "msp.api",
    "msp.demo",  # the demo data command; above every domain app, and nothing depends on it
]

MIDDLEWARE = [
    "msp.core.middleware.RequestLogMiddleware",  # first: times the whole request
    "msp.accounts.audit.AuditContextMiddleware",  # who and from where, for every audit event of the request
    "django.middleware.security.SecurityMiddleware",
    "msp.core.middleware.RequestCharsetMiddleware",  # before CSRF and forms read the body
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "msp.accounts.two_factor.TwoFactorMiddleware",
    "msp.core.middleware.SessionIdleMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "msp.accounts.signin.RefusedAccessAuditMiddleware",
    "axes.middleware.AxesMiddleware",  # last: answers a locked-out sign-in with the lock-out page
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "msp.core.context_processors.service",
            ],
        },
    },
]
# Django forms render through our GOV.UK field templates (msp/core/templates/govuk/).
FORM_RENDERER = "msp.core.forms.GovukFormRenderer"

# DATABASE_URL selects the database; the default is a SQLite file beside the project.
DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL",
        default=f"sqlite:///{BASE_DIR / 'msp.sqlite3'}",
        conn_max_age=int(os.environ.get("MSP_CONN_MAX_AGE", "0")),
        conn_health_checks=True,  # a kept connection is checked before reuse, e.g. after a database restart
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {})
    # WAL lets the development server read while an import writes.
    DATABASES["default"]["OPTIONS"].setdefault("init_command", "PRAGMA journal_mode=WAL;")
    DATABASES["default"]["OPTIONS"].setdefault("transaction_mode", "IMMEDIATE")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses a locked-out user name or address
    "django.contrib.auth.backends.ModelBackend",
]
# Sign-in lock-out (django-axes): after this many failures for one user name, or from one address, sign-in is
# refused for the cool-off time. A success clears the count; an administrator can clear it sooner.
AXES_FAILURE_LIMIT = int(os.environ.get("MSP_SIGNIN_FAILURE_LIMIT", "10"))
AXES_COOLOFF_TIME = datetime.timedelta(minutes=int(os.environ.get("MSP_SIGNIN_COOLOFF_MINUTES", "30")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "msp.accounts.audit.client_ip"
AXES_LOCKOUT_CALLABLE = "msp.accounts.signin.lockout_response"
AXES_VERBOSE = False
# Two-factor sign-in: required of managers, leads, analysts and administrators in production.
MSP_TWO_FACTOR_REQUIRED = env_bool("MSP_TWO_FACTOR_REQUIRED", not DEBUG)
OTP_TOTP_ISSUER = "MSP"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
SHORT_DATE_FORMAT = "d/m/Y"

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [("govuk", BASE_DIR / "node_modules" / "govuk-frontend" / "dist" / "govuk")]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
MEDIA_ROOT = BASE_DIR / "media"
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

SESSION_COOKIE_HTTPONLY = True
# Cookies only over HTTPS in production; MSP_SECURE_COOKIES=0 for a production-like server on plain HTTP.
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_bool("MSP_SECURE_COOKIES", not DEBUG)
# Signed out after this long without a request (MSP_SESSION_IDLE_MINUTES, default 30): requests move the end
# of the session on (msp.core.middleware.SessionIdleMiddleware, at most every five minutes).
SESSION_COOKIE_AGE = int(os.environ.get("MSP_SESSION_IDLE_MINUTES", "30")) * 60
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Content Security Policy: scripts and styles from MSP itself only; the two inline scripts of the page layout
# carry the request's nonce. Charts are SVG with presentation attributes, so no inline style is needed. The
# API's interactive docs (Swagger UI, which writes inline script) are left out.
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/api/docs"],
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
# HTTPS only in production: plain HTTP is redirected and browsers told to use HTTPS for a year (HSTS).
# Behind a proxy that terminates TLS, MSP_BEHIND_TLS_PROXY=1 trusts its X-Forwarded-Proto header (the proxy
# must set it); MSP_SSL_REDIRECT=0 and MSP_HSTS_SECONDS=0 only for plain HTTP on a private address.
SECURE_SSL_REDIRECT = env_bool("MSP_SSL_REDIRECT", not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^health/$"]  # load balancers check over plain HTTP inside the network
SECURE_HSTS_SECONDS = int(os.environ.get("MSP_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("MSP_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("MSP_HSTS_PRELOAD", True)
if env_bool("MSP_BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Retention: people whose records all closed more than this many years ago are listed for review, and may be
# erased by the council's safeguarding lead (the council's published figures for those years are kept).
MSP_RETENTION_YEARS = int(os.environ.get("MSP_RETENTION_YEARS", "6"))
# Published figures: counts below this are suppressed (national statistics suppress 0-4).
MSP_SUPPRESSION_THRESHOLD = int(os.environ.get("MSP_SUPPRESSION_THRESHOLD", "5"))
MSP_SERVICE_NAME = "Making Safeguarding Personal"

# One cache shared by every server process: the rate limit of the public alert form counts there, so it
# holds behind several gunicorn workers or machines. A table in the database (msp/core/cache.py, created by
# `msp migrate`), because MSP then needs nothing else to run; today it holds only those counts.
CACHES = {
    "default": {
        "BACKEND": "msp.core.cache.SharedDatabaseCache",
        "LOCATION": "msp_cache",
        # Expired rows go first when the table is full; room for many more clients than one window sees.
        "OPTIONS": {"MAX_ENTRIES": 100_000},
    }
}
# Sessions stay in the database (shared by every process). `cached_db` would also write each session to
# the cache table, which is in the same database: twice the writes for no faster read.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
# Behind a reverse proxy every request comes from the proxy's address, so the rate limit would count all
# clients together: name the header the proxy sets to the client's address (e.g. HTTP_X_REAL_IP), and make
# sure the proxy overwrites whatever a client sent in it.
RATELIMIT_IP_META_KEY = os.environ.get("MSP_CLIENT_IP_HEADER") or None
# The partner form's limits: reports from one address, and from all addresses together (a flood).
MSP_ALERT_RATE = os.environ.get("MSP_ALERT_RATE", "30/h")
MSP_ALERT_RATE_ALL = os.environ.get("MSP_ALERT_RATE_ALL", "600/h")

# Logs go to standard error. msp.requests writes one JSON line per request (msp/core/middleware.py); it is on
# in production and off in development, where runserver prints its own; MSP_REQUEST_LOG=1 or 0 decides.
# Background work (checking and importing a large extract) waits in a table of the database until a worker
# (`msp db_worker`, started by `make demo`) runs it: nothing else to install. MSP_TASKS=immediate runs it
# at once, in the request, instead.
TASKS = {
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend"
        if os.environ.get("MSP_TASKS") == "immediate"
        else "django_tasks_db.DatabaseBackend",
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("MSP_LOG_LEVEL", "WARNING")},
    "loggers": {
        "msp.requests": {"level": "INFO" if env_bool("MSP_REQUEST_LOG", not DEBUG) else "WARNING"},
        # Django's own console handler (its default logging) would print each of its lines a second time,
        # beside the root's: configuring the logger here drops it, so its lines reach the root handler once.
        "django": {"level": "INFO"},
    },
}
