"""All settings, read from the environment through config.env; test.py and production.py only adjust."""

import os
from pathlib import Path

import dj_database_url

from balint.config.env import data_dir, env_bool, env_int, env_list, env_str, secret_key

# NumPy's BLAS and scikit-learn's OpenMP use one thread in every process (app server, task worker, command):
# requests and tasks run side by side on a few cores, where more threads only fight. Read when those
# libraries first load, which is after the settings (they load with the feature that needs them).
for _threads in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_threads, "1")
# The sentence-embedding tokenizer (tokenizers, Rust) would otherwise start a thread per core for a batch.
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

PACKAGE_DIR = Path(__file__).resolve().parents[2]
DATA_DIR = data_dir()

SECRET_KEY = secret_key(DATA_DIR)
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
# The address people use to reach Balint; password-reset and survey links are built from it,
# never from the request's Host header.
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_tasks",
    "django_tasks_db",
    "balint.core",
    "balint.programs",
    "balint.meetings",
    "balint.surveys",
    "balint.coding",
    "balint.exchange",
    "balint.insights",
    "balint.reports",
    "balint.privacy",
    "balint.leaders",
    "balint.studies",
    "balint.site",
    "balint.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "balint.core.language.LanguageMiddleware",  # the person's language, else the browser's (after sessions)
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "balint.programs.access.AccessMemoMiddleware",  # person, programs and roles looked up once per request
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "balint.core.middleware.ApplicationErrorMiddleware",
]

ROOT_URLCONF = "balint.config.urls"
WSGI_APPLICATION = "balint.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "balint.site.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{DATA_DIR / 'balint.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60, minimum=0),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers work while one writer writes; the busy timeout waits instead of failing. Connections
    # are kept (CONN_MAX_AGE) as on PostgreSQL: opening one and running its PRAGMAs on every request cost more
    # than many a request's queries (the task worker closes old connections between tasks).
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

TASKS = {
    "default": {
        "BACKEND": env_str("TASK_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": [],
    }
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "login"

SESSION_COOKIE_AGE = env_int("SESSION_IDLE_MINUTES", 60, minimum=5) * 60
# The session expires after inactivity, not after login: balint.core.sessions saves it at most once a minute
# while it is used, instead of on every request (an UPDATE and a COMMIT each).
SESSION_SAVE_EVERY_REQUEST = False
SESSION_ENGINE = "balint.core.sessions"  # Django's database sessions; a lost database is a 503, not a 400
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

LANGUAGE_CODE = "en"
# The interface languages; each has a complete catalogue under balint/locale/ (README: adding a language).
LANGUAGES = [("en", "English"), ("de", "Deutsch"), ("es", "Español")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["balint.core.formats"]  # one date style per language (core/formats/<language>)

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_ROOT = DATA_DIR / "media"
# The one upload limit (MB): every upload form and service checks it through balint.core.uploads, and it
# bounds a request's body besides its files. Uploads above 5 MB wait on disk, not in memory, while checked.
UPLOAD_MAX_MB = env_int("UPLOAD_MAX_MB", 25, minimum=1)
DATA_UPLOAD_MAX_MEMORY_SIZE = UPLOAD_MAX_MB * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = min(UPLOAD_MAX_MB, 5) * 1024 * 1024

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10, minimum=1)  # seconds; a stuck mail server does not hang a page
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Balint <balint@localhost>")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # An ordinary refusal (403) is one line in the log, not a traceback; errors keep theirs.
    # One-time survey links, reset links and feed addresses never reach the log (balint.core.logs).
    "filters": {
        "refusals_in_one_line": {"()": "balint.core.logs.RefusalsInOneLine"},
        "secrets_out": {"()": "balint.core.logs.SecretsOutOfLogs"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "django.request": {"filters": ["refusals_in_one_line", "secrets_out"]},
        "django.server": {"filters": ["secrets_out"]},
    },
}

# --- Privacy and security (balint.privacy): sign-in throttling, two-factor, encryption keys, CSP ---
import datetime  # noqa: E402

from balint.privacy.crypto import encryption_keys  # noqa: E402

INSTALLED_APPS += ["axes", "django_otp", "django_otp.plugins.otp_totp"]
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
    "balint.privacy.middleware.SecurityHeadersMiddleware",
)
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1,
    "django_otp.middleware.OTPMiddleware",
)
MIDDLEWARE.insert(
    MIDDLEWARE.index("django_otp.middleware.OTPMiddleware") + 1,
    "balint.privacy.middleware.TwoFactorMiddleware",
)
MIDDLEWARE += ["balint.privacy.middleware.AuditMiddleware", "axes.middleware.AxesMiddleware"]
# balint.core.auth: Django's ModelBackend with the per-request user look-up written as SQL.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "balint.core.auth.ModelBackend"]
AXES_ENABLED = env_bool("SIGN_IN_THROTTLING", True)
AXES_FAILURE_LIMIT = env_int("SIGN_IN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("SIGN_IN_LOCKOUT_MINUTES", 15, minimum=1))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_DISABLE_ACCESS_LOG = True  # successful sign-ins go to the audit trail instead
AXES_VERBOSE = False
AXES_LOCKOUT_TEMPLATE = "privacy/locked_out.html"
AXES_HTTP_RESPONSE_CODE = 429
# Behind N reverse proxies, the client's address is the Nth entry from the right of X-Forwarded-For.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0, minimum=0)
AXES_CLIENT_IP_CALLABLE = "balint.privacy.audit.client_ip"
OTP_TOTP_ISSUER = env_str("TWO_FACTOR_ISSUER", "Balint")
BALINT_ENCRYPTION_KEYS = encryption_keys(DATA_DIR)
# The one Content-Security-Policy: privacy.middleware.SecurityHeadersMiddleware sends it on every response.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'"
)
CSRF_COOKIE_HTTPONLY = True  # htmx sends the token from <body hx-headers>, never from the cookie

# --- Scale-out (bench/load): any request may land on any process, so no state lives in one's memory ---
# The database cache every process shares (`balint serve` creates its table), not Django's default
# per-process memory cache: the analysis pages' figures (one entry per page and filters,
# replaced when the data changes) and the home page's fragments (per set of groups and language). When full it
# drops a third of its entries; Django's default of 300 is reached by a program of a hundred groups.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "balint_cache",
        "OPTIONS": {"MAX_ENTRIES": env_int("CACHE_MAX_ENTRIES", 5000, minimum=100)},
    }
}
# A running job whose heartbeat is older than this shows as failed (its worker died).
JOB_STALE_SECONDS = env_int("JOB_STALE_SECONDS", 600, minimum=5)
# `balint serve` starts and supervises a task worker beside the server unless this is false
# (or --no-worker is given): a deployment may run `balint worker` on its own machines instead.
SERVE_WORKER = env_bool("SERVE_WORKER", True)
# A job still waiting after this many seconds tells its page that no worker has picked it up.
JOB_NO_WORKER_SECONDS = env_int("JOB_NO_WORKER_SECONDS", 30, minimum=5)
