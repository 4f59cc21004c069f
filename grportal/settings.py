"""GR Portal settings: one module, driven by the environment.

With no configuration at all the portal runs embedded: SQLite and Celery tasks
executed in-process. Set DATABASE_URL and REDIS_URL for PostgreSQL and a real
broker. Production secrets have no default; a bad value stops start-up with a
message that says which variable is wrong.
"""

from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_bool(name: str, default: bool) -> bool:
    """A boolean variable; anything but a clear yes or no is an error."""
    raw = env.str(name, default=None)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be one of 1/0, true/false, yes/no, on/off; got {raw!r}.")


def env_int(name: str, default: int, minimum: int = 0) -> int:
    raw = env.str(name, default=None)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number; got {raw!r}.") from None
    if value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}; got {value}.")
    return value


DEBUG = env_bool("DJANGO_DEBUG", False)
# The test command sets this: tests run over plain http against a live server.
TESTING = env_bool("GRPORTAL_TESTING", False)

SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="")
if not SECRET_KEY:
    if DEBUG or TESTING:
        SECRET_KEY = "insecure-development-key-never-use-in-production"
    else:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. Set it (50+ random characters) in production, "
            "or set DJANGO_DEBUG=1 for local development."
        )

ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if (DEBUG or TESTING) else [])
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("DJANGO_ALLOWED_HOSTS is not set: list the host names the portal answers to.")
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
# Address of the portal as users see it, used in emails (invitations, reports).
SITE_URL = env.str("GRPORTAL_SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "csp",
    "django_htmx",
    "django_filters",
    "template_partials",
    "simple_history",
    "mailer",
    "grportal",
    "accounts",
    "projects",
    "labs",
    "budgets",
    "seminars",
    "reports",
    "dashboards",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "grportal.middleware.RequestSizeLimitMiddleware",  # 413 on a too-large Content-Length, before the body is read
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "grportal.middleware.NoStoreWhenLoggedInMiddleware",  # outside sessions (sees their cookie), inside WhiteNoise
    "django.contrib.sessions.middleware.SessionMiddleware",
    "grportal.middleware.SwedishFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "grportal.form_restore.KeepTypingMiddleware",  # after CSRF, before LoginRequired: a form posted logged out is kept
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "grportal.middleware.SessionIdleTimeoutMiddleware",  # after auth and messages: logs out with a message
    "grportal.middleware.RequireMFAMiddleware",  # after auth and messages: sends to two-step set-up with a message
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "grportal.urls"
WSGI_APPLICATION = "grportal.wsgi.application"

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
                "grportal.context_processors.navigation",
                "grportal.context_processors.demo_logins",
            ],
            "builtins": ["template_partials.templatetags.partials"],
        },
    }
]

# --- Database -----------------------------------------------------------------
_default_db = f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}"
try:
    DATABASES = {"default": env.db_url("DATABASE_URL", default=_default_db)}
except Exception as exc:  # environ raises several kinds for a malformed URL
    raise ImproperlyConfigured(f"DATABASE_URL is not a database URL this portal understands: {exc}") from None
_engine = DATABASES["default"]["ENGINE"]
if _engine not in ("django.db.backends.postgresql", "django.db.backends.sqlite3"):
    raise ImproperlyConfigured("DATABASE_URL must point at PostgreSQL (postgres://…) or SQLite (sqlite:///…).")
USING_POSTGRES = _engine == "django.db.backends.postgresql"
if USING_POSTGRES:
    DATABASES["default"]["CONN_MAX_AGE"] = env_int("DATABASE_CONN_MAX_AGE", 60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
else:
    (BASE_DIR / "var").mkdir(exist_ok=True)
    DATABASES["default"]["OPTIONS"] = {"timeout": 20}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache (rate limits live here) ------------------------------------------------
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL and not REDIS_URL.startswith(("redis://", "rediss://", "unix://")):
    raise ImproperlyConfigured(f"REDIS_URL must start with redis://, rediss:// or unix://; got {REDIS_URL!r}.")
if REDIS_URL:
    # The cache is an optimisation: with Redis unreachable it misses and drops writes (grportal/cache.py), and the
    # short timeouts make a Redis that does not answer cost a fraction of a second, not five.
    CACHES = {"default": {
        "BACKEND": "grportal.cache.FailSoftRedisCache", "LOCATION": REDIS_URL,
        "OPTIONS": {"socket_connect_timeout": 0.3, "socket_timeout": 1.0},
    }}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Celery ---------------------------------------------------------------------
# Without a broker, tasks run in-process (after the transaction commits, as in production).
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = env_int("CELERY_TASK_SOFT_TIME_LIMIT", 120, minimum=1)
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 180, minimum=1)
CELERY_WORKER_MAX_TASKS_PER_CHILD = env_int("CELERY_WORKER_MAX_TASKS_PER_CHILD", 50, minimum=1)
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": CELERY_TASK_TIME_LIMIT * 4, "socket_connect_timeout": 1}
# Queuing from a request gives up quickly when the broker is down; the caller says so and nothing saved is lost.
CELERY_BROKER_CONNECTION_TIMEOUT = 1
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.1, "interval_max": 0.1}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = "Europe/Stockholm"
# Every periodic task, in one place (nothing else registers any: grportal/tests/test_beat_schedule.py). Crontab times
# are Stockholm time (CELERY_TIMEZONE). Run by `celery -A grportal beat`, exactly one; the embedded set-up has none.
# A worker notes when it last ran the heartbeat (/halsa/ reads it); the outbox sweep sends what is still waiting.
WORKER_HEARTBEAT_EVERY = 60  # seconds
EMAIL_OUTBOX_SWEEP_EVERY = 300  # seconds
CELERY_BEAT_SCHEDULE = {
    # A beat nobody picks up in time is worthless: it expires before the next one.
    "grportal.worker_heartbeat": {
        "task": "grportal.tasks.record_worker_heartbeat", "schedule": float(WORKER_HEARTBEAT_EVERY),
        "options": {"expires": WORKER_HEARTBEAT_EVERY},
    },
    "grportal.email_outbox_sweep": {
        "task": "grportal.tasks.send_queued_email", "schedule": float(EMAIL_OUTBOX_SWEEP_EVERY),
        "options": {"expires": EMAIL_OUTBOX_SWEEP_EVERY},
    },
    # Mondays: a reminder to quiet lab leads at the start of the week, and the digest of the past one.
    "labs.nudge_quiet_leads": {
        "task": "labs.tasks.nudge_quiet_leads", "schedule": crontab(day_of_week="mon", hour=8, minute=0),
    },
    "labs.send_weekly_digests": {
        "task": "labs.tasks.send_weekly_digests", "schedule": crontab(day_of_week="mon", hour=7, minute=30),
    },
    # Daily: coordinators are reminded of reports due within REPORT_REMIND_DAYS_BEFORE.
    "reports.remind_report_due_dates": {
        "task": "reports.tasks.remind_report_due_dates", "schedule": crontab(hour=7, minute=45),
    },
    # Daily: coordinators who chose one summary a day get the activities submitted since the last one; and
    # application deadlines and milestones within DEADLINE_REMIND_DAYS_BEFORE are reminded of, once per date.
    "labs.send_daily_submission_digests": {
        "task": "labs.tasks.send_daily_submission_digests", "schedule": crontab(hour=7, minute=15),
    },
    "projects.remind_deadlines": {
        "task": "projects.tasks.remind_deadlines", "schedule": crontab(hour=7, minute=40),
    },
    # Nightly GDPR retention: needs go the night after a seminar, the rest when its retention time runs out
    # (`manage.py run_retention` does the same where there is no beat).
    "seminars.erase_expired_personal_data": {
        "task": "seminars.tasks.erase_expired_personal_data", "schedule": crontab(hour=2, minute=15),
    },
}

# --- Accounts ---------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
ACCOUNT_ADAPTER = "accounts.adapters.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "none"  # people arrive by invitation to their own address
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = False
ACCOUNT_SESSION_REMEMBER = None
# allauth's defaults already limit login failures; stated here so nobody turns them off by accident. "ip" is the
# client's address by grportal/client_ip.py, never the proxy's; the portal's own limits use the same limiter
# (grportal/ratelimit.py).
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,5/5m/key",
    "login": "30/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "GR Portal"
# Administrators, coordinators and finance support see salaries: with this on, those without an authenticator app
# set one up (and get recovery codes) before any other page (grportal.middleware.RequireMFAMiddleware).
# On in production, off in development and the demo (DJANGO_DEBUG=1) and in tests unless a test turns it on.
REQUIRE_MFA = env_bool("GRPORTAL_REQUIRE_MFA", not (DEBUG or TESTING))
INVITATION_VALID_DAYS = env_int("GRPORTAL_INVITATION_VALID_DAYS", 7, minimum=1)
# The login page lists the demo people and their shared password (grportal/demo_people.py): development only.
GRPORTAL_DEMO_LOGINS = env_bool("GRPORTAL_DEMO_LOGINS", DEBUG)
if GRPORTAL_DEMO_LOGINS and not (DEBUG or TESTING):
    raise ImproperlyConfigured("GRPORTAL_DEMO_LOGINS shows the demo password on the login page: set it only "
                               "with DJANGO_DEBUG=1.")

# --- Language and formats -----------------------------------------------------------
LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Swedish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Europe/Stockholm"

# --- Static and uploaded files -----------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if (DEBUG or TESTING)
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG or TESTING
# Uploaded and generated files live outside any served path; views hand them out after a
# permission check (there is deliberately no MEDIA_URL route).
MEDIA_ROOT = Path(env.str("GRPORTAL_MEDIA_ROOT", default=str(BASE_DIR / "var" / "media")))
MEDIA_URL = None
for _served in (STATIC_ROOT, *STATICFILES_DIRS):
    _media, _served = MEDIA_ROOT.resolve(), Path(_served).resolve()
    if _media.is_relative_to(_served) or _served.is_relative_to(_media):
        raise ImproperlyConfigured(f"GRPORTAL_MEDIA_ROOT must lie outside the static files ({_served}), which are "
                                   f"served to anyone; got {MEDIA_ROOT}.")
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --- Email ----------------------------------------------------------------------
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://" if (DEBUG or TESTING) else "smtp://localhost:25")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="GR Portal <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_TIMEOUT = 10
# Every email goes through the outbox (grportal/outbox.py, django-mailer): stored with what it is about, sent by a
# Celery task after the commit, deferred and tried again while the mail server does not answer. EMAIL_URL names the
# backend that really sends.
EMAIL_BACKEND = "grportal.outbox.OutboxBackend"
MAILER_EMAIL_BACKEND = EMAIL_CONFIG["EMAIL_BACKEND"]
MAILER_ERROR_HANDLER = "grportal.outbox.defer_on_delivery_failure"
MAILER_USE_FILE_LOCK = False  # each message is sent under a row lock instead, which works across machines
MAILER_EMAIL_LOG_MESSAGE_DATA = False  # the delivery log keeps no copy of the message (addresses, names, links)
EMAIL_RETRY_SECONDS = env_int("GRPORTAL_EMAIL_RETRY_SECONDS", 30, minimum=1)
EMAIL_LOG_KEEP_DAYS = env_int("GRPORTAL_EMAIL_LOG_KEEP_DAYS", 30, minimum=1)

# --- Security -------------------------------------------------------------------
SECURE = not (DEBUG or TESTING) and env_bool("GRPORTAL_HTTPS", True)
SESSION_COOKIE_SECURE = SECURE
CSRF_COOKIE_SECURE = SECURE
SECURE_SSL_REDIRECT = SECURE and env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
BEHIND_PROXY = env_bool("DJANGO_BEHIND_PROXY", False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_PROXY else None
# How many proxies of ours append the client's address to X-Forwarded-For (0: the header is ignored). allauth reads
# it, and so does the portal's one client-address rule (grportal/client_ip.py), which allauth's adapter also uses.
ALLAUTH_TRUSTED_PROXY_COUNT = env_int("DJANGO_TRUSTED_PROXY_COUNT", 1, minimum=1) if BEHIND_PROXY else 0
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 31536000 if SECURE else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE
SECURE_HSTS_PRELOAD = SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 60 * 60 * 10  # at most 10 hours after login, however active (SessionIdleTimeoutMiddleware)
SESSION_IDLE_TIMEOUT = timedelta(minutes=env_int("GRPORTAL_SESSION_IDLE_MINUTES", 120, minimum=1))
X_FRAME_OPTIONS = "DENY"

# No inline script anywhere: HTMX is configured by a meta tag and attributes only.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("GRPORTAL_LOG_LEVEL", default="INFO")},
    "loggers": {"weasyprint": {"level": "ERROR"}, "fontTools": {"level": "ERROR"}},
}

# --- Domain settings ---------------------------------------------------------------
REPORT_RENDER_MAX_ATTEMPTS = env_int("GRPORTAL_REPORT_MAX_ATTEMPTS", 3, minimum=1)
REPORT_STALE_AFTER = timedelta(seconds=CELERY_TASK_TIME_LIMIT * 2)
# A queued or running report that nothing has worked on for this long is shown as stopped, with a restart button:
# no render outlives the task's hard time limit, so its worker is gone (the broker's visibility timeout is longer).
REPORT_STOPPED_AFTER = timedelta(seconds=CELERY_TASK_TIME_LIMIT + 60)
# A funder's contact without an account gets a signed link to a published report that works this many days;
# coordinators are reminded of a report due within this many days.
REPORT_LINK_VALID_DAYS = env_int("GRPORTAL_REPORT_LINK_VALID_DAYS", 30, minimum=1)
REPORT_REMIND_DAYS_BEFORE = env_int("GRPORTAL_REPORT_REMIND_DAYS_BEFORE", 14, minimum=1)
# Coordinators are reminded once of an application deadline or a milestone this many days before it (issue 15).
DEADLINE_REMIND_DAYS_BEFORE = env_int("GRPORTAL_DEADLINE_REMIND_DAYS_BEFORE", 14, minimum=1)
# Seminar registrations are official documents kept under GR's disposal rules: how long each kind of record keeps
# its personal data after the seminar (days). Dietary and accessibility needs go the day after the seminar.
GRPORTAL_RETENTION_REGISTRATIONS_DAYS = env_int("GRPORTAL_RETENTION_REGISTRATIONS_DAYS", 730, minimum=0)
GRPORTAL_RETENTION_FEEDBACK_DAYS = env_int("GRPORTAL_RETENTION_FEEDBACK_DAYS", 365, minimum=0)
# Public registration: at most this many posts per IP address and hour.
SEMINARS_REGISTRATION_RATE_LIMIT = env_int("GRPORTAL_SEMINARS_RATE_LIMIT", 20, minimum=1)
# Seminar documentation (slides with pictures are larger than an activity's attachment).
SEMINARS_DOCUMENT_MAX_BYTES = env_int("GRPORTAL_SEMINARS_DOCUMENT_MAX_MB", 20, minimum=1) * 1024 * 1024
# Labs: a lab lead with nothing logged for this many weeks gets a friendly reminder; attachments up to this size.
LABS_NUDGE_AFTER_WEEKS = env_int("GRPORTAL_LABS_NUDGE_AFTER_WEEKS", 3, minimum=1)
LABS_ATTACHMENT_MAX_BYTES = env_int("GRPORTAL_LABS_ATTACHMENT_MAX_MB", 10, minimum=1) * 1024 * 1024
# The largest request body the portal accepts (grportal.middleware.RequestSizeLimitMiddleware answers 413 from the
# Content-Length, before reading any of it): by default the largest upload and 5 MB for the form around it.
_LARGEST_UPLOAD_MB = max(SEMINARS_DOCUMENT_MAX_BYTES, LABS_ATTACHMENT_MAX_BYTES) // (1024 * 1024)
REQUEST_MAX_BYTES = env_int("GRPORTAL_REQUEST_MAX_MB", _LARGEST_UPLOAD_MB + 5,
                            minimum=_LARGEST_UPLOAD_MB + 1) * 1024 * 1024
