"""Settings for Heartbeat, read from the environment.

With no environment variable at all the portal runs embedded: SQLite in a file under
``var/``, Celery tasks run eagerly in-process, email goes to the console, DEBUG is on.
Setting ``DATABASE_URL`` and ``REDIS_URL`` gives the production shape (PostgreSQL, a
Redis broker and cache); ``DJANGO_DEBUG=false`` then demands a secret key and hosts.
"""

import datetime as dt
import secrets
from pathlib import Path

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
if (BASE_DIR / ".env").is_file():
    environ.Env.read_env(BASE_DIR / ".env")

DEBUG = env.bool("DJANGO_DEBUG", default=True)

# Runtime files of the embedded mode: the SQLite database, the dev secret, uploads.
VAR_DIR = Path(env("HEARTBEAT_VAR_DIR", default=str(BASE_DIR / "var")))


def _dev_secret_key() -> str:
    """A random key kept in var/, so sessions survive a restart of the dev server."""
    path = VAR_DIR / "dev-secret-key"
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
    return path.read_text().strip()


if DEBUG:
    SECRET_KEY = env("DJANGO_SECRET_KEY", default="") or _dev_secret_key()
    ALLOWED_HOSTS = env.list(
        "DJANGO_ALLOWED_HOSTS",
        default=["localhost", "127.0.0.1", "[::1]", "testserver"],
    )
else:
    # No defaults in production: a missing secret or host list stops the start.
    SECRET_KEY = env("DJANGO_SECRET_KEY")
    ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS")
    if not SECRET_KEY or not ALLOWED_HOSTS:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY and DJANGO_ALLOWED_HOSTS must be set when DJANGO_DEBUG "
            "is false."
        )

CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "digital_office.apps.HeartbeatAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "simple_history",
    "axes",
    "digital_office",
    "councils",
    "outbox",
    "portfolios",
    "heartbeat",
    "ideas",
    "metrics",
    "workbench",
    "demo",
]

MIDDLEWARE = [
    "digital_office.logs.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "councils.middleware.RoleRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "digital_office.urls"
WSGI_APPLICATION = "digital_office.wsgi.application"

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
                "django.template.context_processors.csp",
                "digital_office.context_processors.navigation",
                "metrics.context_processors.page_cache",
            ],
        },
    },
]

# Database: PostgreSQL from DATABASE_URL, or a SQLite file for the embedded mode.
DATABASES = {
    # An empty DATABASE_URL counts as unset.
    "default": environ.Env.db_url_config(
        env("DATABASE_URL", default="") or f"sqlite:///{VAR_DIR / 'heartbeat.sqlite3'}"
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    # IMMEDIATE transactions and WAL let the dev server and a worker write side by
    # side without "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # Client-side cursors: a form's choices are a few rows, and a server-side cursor
    # costs round trips (and breaks behind a transaction-pooling PgBouncer).
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Redis, when set, is both the Celery broker and the cache.
REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": env("CACHE_URL", default=REDIS_URL),
            "KEY_PREFIX": "heartbeat",
            "TIMEOUT": 300,
        },
        # Pages' `{% cache %}` blocks: a Redis outage costs speed, never the page.
        "template_fragments": {
            "BACKEND": "metrics.caching.ForgivingRedisCache",
            "LOCATION": env("CACHE_URL", default=REDIS_URL),
            "KEY_PREFIX": "heartbeat",
            "TIMEOUT": 3600,
        },
    }
else:
    # Files, not process memory: every process of the portal (several gunicorn
    # workers, a `compute_metrics` in another shell) then sees the same page-cache
    # generation, and still no other service is needed.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
            "TIMEOUT": 300,
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }

# Celery: eager in-process without a broker, a real Redis broker otherwise.
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_IGNORE_RESULT = True
# A task is acknowledged only once done, so a worker killed mid-task hands it back.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_TASK_TIME_LIMIT = 300
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A task taken by a worker that died unacknowledged goes back on the queue after
# this many seconds; workers look for such tasks every few seconds.
BROKER_VISIBILITY_SECONDS = env.int("HEARTBEAT_BROKER_VISIBILITY_TIMEOUT", default=3600)
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": BROKER_VISIBILITY_SECONDS,
    "unacked_restore_interval": min(10, BROKER_VISIBILITY_SECONDS),
    "unacked_restore_throttle": 1,
}
# The worker logs through LOGGING too: JSON lines on stdout like the web processes.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_TIMEZONE = "Europe/London"
CELERY_BEAT_SCHEDULE = {
    # Every figure recomputed each night, whatever happened during the day.
    "recompute-metrics-nightly": {
        "task": "metrics.tasks.refresh_all_metrics",
        "schedule": crontab(hour=2, minute=15),
    },
    # And every hour (a second or so at scale 10), as a safety net: a change whose
    # own recompute could not be queued (the broker was down) is counted within the
    # hour. Every scope a change touches follows it at once, not by this job.
    "recompute-metrics-hourly": {
        "task": "metrics.tasks.refresh_all_metrics",
        "schedule": crontab(minute=40),
    },
    # Email: a failed send is tried again; owners are reminded of pulses due and
    # overdue, and staff get one digest a day of what was proposed.
    "retry-failed-emails": {
        "task": "outbox.tasks.retry_failed_emails",
        "schedule": crontab(minute="*/15"),
    },
    "remind-pulses-daily": {
        "task": "heartbeat.tasks.send_pulse_reminders",
        "schedule": crontab(hour=7, minute=30),
    },
    "staff-digest-daily": {
        "task": "workbench.tasks.send_staff_digest",
        "schedule": crontab(hour=8, minute=0),
    },
}

# Users and sign-in
AUTH_USER_MODEL = "councils.User"
AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out username and address before any password check.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "councils.backends.RoleBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation."
        "UserAttributeSimilarityValidator"
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env("DJANGO_STATIC_ROOT", default=str(VAR_DIR / "staticfiles")))
if DEBUG:
    # WhiteNoise expects the folder; the dev server serves files from their apps.
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Email: the console in the embedded mode, EMAIL_URL (smtp://...) otherwise.
EMAIL_CONFIG = env.email_url(
    "EMAIL_URL", default="consolemail://" if DEBUG else "smtp://localhost:25"
)
MAILERS = {
    "default": {
        "BACKEND": EMAIL_CONFIG["EMAIL_BACKEND"],
        "OPTIONS": {
            key: EMAIL_CONFIG[setting]
            for key, setting in {
                "host": "EMAIL_HOST",
                "port": "EMAIL_PORT",
                "username": "EMAIL_HOST_USER",
                "password": "EMAIL_HOST_PASSWORD",
                "use_tls": "EMAIL_USE_TLS",
                "use_ssl": "EMAIL_USE_SSL",
            }.items()
            if EMAIL_CONFIG.get(setting)
        }
        if EMAIL_CONFIG["EMAIL_BACKEND"].endswith("smtp.EmailBackend")
        # filemail:///path keeps each message as a file (the browser tests read them).
        else {"file_path": EMAIL_CONFIG["EMAIL_FILE_PATH"]}
        if EMAIL_CONFIG["EMAIL_BACKEND"].endswith("filebased.EmailBackend")
        else {},
    }
}
DEFAULT_FROM_EMAIL = env(
    "DEFAULT_FROM_EMAIL", default="Heartbeat <heartbeat@digitaloffice.scot>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Forms render the Scottish Government Design System's markup through our own pack.
CRISPY_ALLOWED_TEMPLATE_PACKS = ("sgds",)
CRISPY_TEMPLATE_PACK = "sgds"

# Security. The policy allows nothing inline: every script and style is a file.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env.int("DJANGO_SESSION_COOKIE_AGE", default=8 * 60 * 60)
# A sign-in lasts a working day at most, and ends when the browser closes (shared
# council machines).
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
CSRF_COOKIE_HTTPONLY = True
# Secure cookies in production; DJANGO_SECURE_COOKIES=false only for a production-like
# server on plain http://127.0.0.1, as the browser tests run it.
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env.bool(
    "DJANGO_SECURE_COOKIES", default=not DEBUG
)
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int(
    "DJANGO_SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
# HSTS preload: the site may be submitted to browsers' preload list (HTTPS only).
SECURE_HSTS_PRELOAD = env.bool("DJANGO_SECURE_HSTS_PRELOAD", default=not DEBUG)
if env.bool("DJANGO_BEHIND_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Health checks from inside the container or a load balancer come over plain http.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

# Heartbeat's own settings
HEARTBEAT_PAGE_SIZE = env.int("HEARTBEAT_PAGE_SIZE", default=25)
# Every active project reports a pulse at this interval; a missed one marks it stalled.
HEARTBEAT_PULSE_INTERVAL_DAYS = env.int("HEARTBEAT_PULSE_INTERVAL_DAYS", default=28)
# A project in one phase for longer than this is flagged on the queue.
HEARTBEAT_LONG_IN_PHASE_DAYS = env.int("HEARTBEAT_LONG_IN_PHASE_DAYS", default=180)
# A change's recompute waits this long, so a burst of changes costs one recompute.
HEARTBEAT_METRICS_DELAY_SECONDS = env.float(
    "HEARTBEAT_METRICS_DELAY_SECONDS", default=10
)
# The embedded mode (no REDIS_URL: tasks run in-process): on, a change's recompute
# runs in a thread of the process once the burst of saves settles and no request is
# in flight, so a save never waits for the figures (metrics.background); it also
# recomputes the day when a request finds today's figures missing or over an hour
# old. Off, the recompute runs on commit within the saving request. Production's
# worker is not affected.
HEARTBEAT_METRICS_IN_BACKGROUND = env.bool(
    "HEARTBEAT_METRICS_IN_BACKGROUND", default=True
)
# The embedded mode's beat (no REDIS_URL): a request, at most once a minute, runs the
# scheduled jobs that have come due (reminders, digests, retries) in a thread
# (digital_office.beat). Production's celery beat is not affected.
HEARTBEAT_EMBEDDED_BEAT = env.bool("HEARTBEAT_EMBEDDED_BEAT", default=True)
# The most one council may commit in money to one project, in pounds.
HEARTBEAT_MONEY_CEILING = env.int("HEARTBEAT_MONEY_CEILING", default=1_000_000)
# Where email links point: the portal's public address.
HEARTBEAT_BASE_URL = env("HEARTBEAT_BASE_URL", default="http://127.0.0.1:8000")

# Login throttling (django-axes): after this many failed sign-ins for one username
# from one address, both are refused for the cool-off, even with the right password.
AXES_FAILURE_LIMIT = env.int("HEARTBEAT_LOGIN_FAILURES", default=5)
AXES_COOLOFF_TIME = dt.timedelta(
    minutes=env.int("HEARTBEAT_LOCKOUT_MINUTES", default=15)
)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
# Behind one reverse proxy, the client's address is the last X-Forwarded-For entry.
AXES_IPWARE_PROXY_COUNT = env.int("HEARTBEAT_PROXY_COUNT", default=0) or None
AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]

# Structured logs: one JSON object per line on stdout, each with the request's id
# (also sent back as X-Request-ID, and taken from the proxy's header when it has one).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "digital_office.logs.RequestIdFilter"}},
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s",
            "rename_fields": {
                "asctime": "time",
                "levelname": "level",
                "name": "logger",
            },
        },
        "plain": {
            "format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "filters": ["request_id"],
            "formatter": env(
                "HEARTBEAT_LOG_FORMAT", default="plain" if DEBUG else "json"
            ),
        }
    },
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="INFO")},
    "loggers": {
        # Django logs every 4xx and 5xx itself; keep them, with the request id.
        "django.request": {"level": "INFO"},
        "axes": {"level": "WARNING"},
    },
}
