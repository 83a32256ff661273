"""Settings for CACT Admin, read from the environment (django-environ).

With nothing set, the site runs on SQLite with Celery tasks executed in-process, so a
bare machine can `make run`. With DATABASE_URL and REDIS_URL it runs on PostgreSQL and
real Celery workers. DJANGO_SECURE=true switches on the production hardening that
`manage.py check --deploy` asks for.
"""

from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
SECURE = env.bool("DJANGO_SECURE", default=False)

_DEV_SECRET = "dev-only-insecure-key-change-me-for-anything-but-a-laptop-0123456789"  # noqa: S105 (refused when DJANGO_SECURE is on)
SECRET_KEY = env.str("SECRET_KEY", default=_DEV_SECRET)
if SECURE and SECRET_KEY == _DEV_SECRET:
    raise ImproperlyConfigured("SECRET_KEY must be set when DJANGO_SECURE is on.")

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "axes",
    "django_htmx",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "core",
    "audit",
    "participants",
    "accounts",
    "sessions_app",
    "scoring",
    "reports",
    "talent",
    "messaging",
    "api",
    "operations",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Before the CSRF check, which would read an oversized upload's body.
    "core.uploads.UploadSizeMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "accounts.session_timeout.SessionTimeoutMiddleware",
    "accounts.permission_cache.PermissionCacheMiddleware",
    "cact_admin.cache_headers.PrivateNoStoreMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "cact_admin.middleware.ContentSecurityPolicyMiddleware",
    "cact_admin.middleware.DownloadAuditMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Axes must come last so that it sees the result of authentication.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "cact_admin.urls"
WSGI_APPLICATION = "cact_admin.wsgi.application"
ASGI_APPLICATION = "cact_admin.asgi.application"

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
                "accounts.context_processors.navigation",
            ],
        },
    },
]

VAR_DIR = Path(env.str("VAR_DIR", default=str(BASE_DIR / "var")))

DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'cact.sqlite3'}"),
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # No JIT compilation: the pages' aggregates over 100,000 people cost about as much to
    # compile as to run, on every request (make bench --only talent: coverage twice as fast).
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    # Several request threads of runserver write at once; wait instead of failing.
    DATABASES["default"]["OPTIONS"] = {"timeout": 20}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.str("REDIS_URL", default="")

if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "cact_admin.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            # An outage costs at most this long per call, then the call is a cache miss.
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 1},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Celery: with no broker configured, tasks run in-process (the embedded default).
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or "cache+memory://"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = "Asia/Makassar"
# Called each time a worker connects to the broker: work asked for while it was away, sent.
RESUME_ON_WORKER_CONNECT = (
    "scoring.tasks.resume_work",
    "reports.tasks.resume_work",
    "messaging.tasks.resume_work",
)

# E-mail: EMAIL_URL (smtp+tls://user:password@host:587) for a real server; with nothing set,
# each message is written as a file under var/mail/ so a demo shows what was sent.
# The worker sends (messaging/services.py); a page only queues.
if env.str("EMAIL_URL", default=""):
    vars().update(env.email_url("EMAIL_URL"))
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = VAR_DIR / "mail"
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="CACT BKD Kaltara <cact@localhost>")
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=20)
# The site's address as people outside reach it: links in e-mails (the results note, the
# proctor's list) point there; messages never carry results themselves.
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

# The office's letterhead on letters and bills (sessions_app/letterhead.py); each line can be
# set from the environment, the defaults are BKD Kalimantan Utara's.
LETTERHEAD = {
    "government": env.str("LETTERHEAD_GOVERNMENT", default="PEMERINTAH PROVINSI KALIMANTAN UTARA"),
    "office": env.str("LETTERHEAD_OFFICE", default="BADAN KEPEGAWAIAN DAERAH"),
    "address": env.str(
        "LETTERHEAD_ADDRESS",
        default="Jl. Kolonel Soetadji, Tanjung Selor, Bulungan, Kalimantan Utara",
    ),
    "contact": env.str("LETTERHEAD_CONTACT", default=""),
    "city": env.str("LETTERHEAD_CITY", default="Tanjung Selor"),
    "signatory_title": env.str("LETTERHEAD_SIGNATORY_TITLE", default="Kepala Badan"),
    "signatory_name": env.str("LETTERHEAD_SIGNATORY_NAME", default=""),
    "signatory_nip": env.str("LETTERHEAD_SIGNATORY_NIP", default=""),
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "accounts.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Login throttling: after 5 failures for one user name from one address, 15 minutes out.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = 0.25
AXES_LOCKOUT_PARAMETERS = [["ip_address", "username"]]
# The client's address: REMOTE_ADDR, or behind a reverse proxy listed here (addresses or
# networks, comma-separated) the address that proxy put in X-Forwarded-For (client_ip.py).
TRUSTED_PROXIES = env.list("TRUSTED_PROXIES", default=[])
AXES_CLIENT_IP_CALLABLE = "cact_admin.client_ip.client_ip"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False

LANGUAGE_CODE = "id"
LANGUAGES = [("id", "Bahasa Indonesia")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Makassar"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if SECURE
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = not SECURE
if not SECURE:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise scans it at start-up

# Uploaded files are kept outside the web root and never served directly.
MEDIA_ROOT = VAR_DIR / "media"
IMPORT_MAX_BYTES = env.int("IMPORT_MAX_BYTES", default=20 * 1024 * 1024)
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# Sessions read from the cache (Redis in production), written through to the database.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
# Signed out after SESSION_IDLE_TIMEOUT without a request of the user's (a page's own polling
# does not count) and SESSION_COOKIE_AGE after signing in (accounts/session_timeout.py).
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 3600)
SESSION_IDLE_TIMEOUT = env.int("SESSION_IDLE_TIMEOUT", default=30 * 60)
# A session keeps its user's permissions at most this many seconds; a change of roles
# reaches it at once through the shared cache (accounts/permission_cache.py).
PERMISSIONS_MAX_AGE = env.int("PERMISSIONS_MAX_AGE", default=60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

if SECURE:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    # The load balancer asks over plain HTTP; a redirect would read as "down".
    SECURE_REDIRECT_EXEMPT = [r"^sehat/$"]
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # NIPs and phone numbers are masked in every line written (cact_admin/logs.py).
    "formatters": {
        "plain": {
            "class": "cact_admin.logs.RedactingFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(message)s",
        }
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}

# Score runs: participants per chunk task, and how long Redis keeps an unacknowledged task
# before handing it to another worker (a worker that comes back also resumes unfinished runs).
# Files given to the import commands may be larger than uploads (a national answers file).
COMMAND_IMPORT_MAX_BYTES = env.int("COMMAND_IMPORT_MAX_BYTES", default=200 * 1024 * 1024)
SCORE_CHUNK_SIZE = env.int("SCORE_CHUNK_SIZE", default=2000)
# With Redis away, a click that sends a task (start a run, resend, ask for a recap) waits at
# most about a second, then the page says the queue is unreachable; Celery's defaults retried
# for 19 s, long enough to hold every web worker. The worker itself reconnects for ever.
_QUICK_RETRY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.2}
CELERY_BROKER_CONNECTION_TIMEOUT = 1
CELERY_TASK_PUBLISH_RETRY_POLICY = _QUICK_RETRY
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=3600),
    "socket_connect_timeout": 1,
    "socket_timeout": 5,
}
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = 1
CELERY_REDIS_SOCKET_TIMEOUT = 5
CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {"retry_policy": _QUICK_RETRY}
CELERY_RESULT_EXPIRES = 24 * 3600
# With the task queue down, a recap of up to this many people is written in the request.
RECAP_INLINE_MAX_ROWS = env.int("RECAP_INLINE_MAX_ROWS", default=2000)
# The API for the HR systems (api/): JSON only, one key per system (api.ApiClient), every
# call audited. API_RATE_LIMIT is the calls one key may make, e.g. "120/min" or "5000/hour".
API_RATE_LIMIT = env.str("API_RATE_LIMIT", default="120/min")
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_AUTHENTICATION_CLASSES": ["api.access.ApiKeyAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["api.access.HasResource"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "COERCE_DECIMAL_TO_STRING": False,
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "API CACT Admin untuk sistem kepegawaian",
    "DESCRIPTION": (
        "Data baca-saja untuk SIMPEG dan sistem kepegawaian lain: peserta, kegiatan, jadwal, "
        "kehadiran dan hasil yang sudah diterbitkan. Satu kunci per sistem, dibatasi cakupan "
        "OPD dan data yang diberikan; setiap panggilan tercatat di jejak audit."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # The schema is public (it holds no data); the lists themselves need a key.
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

# Years a published assessment stays valid for talent management (talent/latest.py).
ASSESSMENT_VALID_YEARS = env.int("ASSESSMENT_VALID_YEARS", default=3)
