"""Settings for the IN.TO.EU site.

Everything that differs between a laptop and production comes from the
environment; the defaults are safe for local use, so `make run` needs none.
"""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from into_eu.environment import env_bool, env_list
from into_eu.web.static_headers import add_static_headers

BASE_DIR = Path(__file__).resolve().parent.parent

# PRODUCTION=true turns on everything `manage.py check --deploy` asks for (HTTPS only,
# secure cookies, HSTS) and refuses to start with the local fallback secret.
PRODUCTION = env_bool("PRODUCTION", False)
DEBUG = env_bool("DEBUG", False)
# The fallback key only ever signs local sessions; production sets SECRET_KEY (a start
# without DEBUG warns about it, into_eu/wsgi.py; `check --deploy` refuses it).
DEVELOPMENT_SECRET_KEY = "local-development-only-not-a-secret"
SECRET_KEY = os.environ.get("SECRET_KEY", DEVELOPMENT_SECRET_KEY)
if PRODUCTION and (SECRET_KEY == DEVELOPMENT_SECRET_KEY or len(SECRET_KEY) < 50):
    raise ImproperlyConfigured(
        "PRODUCTION=true needs SECRET_KEY in the environment: 50 or more random characters, "
        "not the built-in development key."
    )
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")

INSTALLED_APPS = [
    # modeltranslation must come before the admin to patch its forms.
    "modeltranslation",
    # Before the admin, so that its templates in core/templates/admin/ override the
    # admin's own.
    "core",
    "core.admin_site.SiteAdminConfig",
    "reversion",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "csp",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "into_eu.web",
    # In the order their content loads (core's load_content): each needs the ones before.
    "partners",
    "meetings",
    "pages",
    "press",
    # It indexes what the apps above list in their search.py.
    "search",
    "alerts",
    "registrations",
    "feedback",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Static files answered here, past no other middleware; their other headers come from
    # WHITENOISE_ADD_HEADERS_FUNCTION.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Outside the page cache, so that stored pages answer 304 too.
    "django.middleware.http.ConditionalGetMiddleware",
    # Before the rest: a stored page costs two cache reads and nothing else. It is stored
    # with the headers the middleware below adds (Content-Security-Policy and the like).
    "into_eu.web.pagecache.PageCacheMiddleware",
    "csp.middleware.CSPMiddleware",
    "into_eu.web.security.SecurityHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes requires: it turns a lockout into its 429 answer.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "into_eu.urls"
WSGI_APPLICATION = "into_eu.wsgi.application"

TEMPLATES = [
    {
        # The public pages, in templates/ (see into_eu/jinja.py for why Jinja2).
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": False,
        "OPTIONS": {
            "environment": "into_eu.jinja.environment",
            "context_processors": ["into_eu.web.context_processors.site"],
        },
    },
    {
        # The admin, with its overrides in core/templates/admin/.
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=60,
        # A connection broken by a database restart is noticed and replaced, not reused.
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Every transaction takes SQLite's write lock when it begins, so that two writers wait
    # for each other (seats counted one after the other, registrations/seats.py) instead
    # of one failing with "database is locked" when its read turns into a write.
    DATABASES["default"].setdefault("OPTIONS", {})["transaction_mode"] = "IMMEDIATE"


def cache_config(url):
    """CACHE_URL / REDIS_URL: redis://host:port/db for a cache shared by every instance."""
    if not url or url.startswith("locmem://"):
        # One per process: fine for one server; several instances need Redis.
        return {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 2000},
        }
    if url.startswith(("redis://", "rediss://", "unix://")):
        return {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "into-eu"),
            # A cache that hangs must not hang the site: give up fast and render.
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    if url.startswith("dummy://"):
        return {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    raise ImproperlyConfigured(f"Unsupported cache URL: {url}")


CACHES = {"default": cache_config(os.environ.get("CACHE_URL") or os.environ.get("REDIS_URL", ""))}
# Whole public pages from the cache (see into_eu/web/pagecache.py); PAGE_CACHE=off renders
# every request, for measuring. A page is kept at most PAGE_CACHE_SECONDS, and never
# past the next scheduled publication.
PAGE_CACHE = env_bool("PAGE_CACHE", True)
PAGE_CACHE_ALIAS = "default"
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "600"))
# A build id (e.g. the commit) keying stored pages; empty: a digest of the code computed at
# start (into_eu/web/pagecache.py). Either way a deploy starts a fresh cache.
CODE_VERSION = os.environ.get("CODE_VERSION", "").strip()
# What a public page tells shared caches (nginx, deploy/nginx.conf; a CDN), in seconds:
# keep it this long (RFC 9111 s-maxage), serve it stale while fetching a fresh copy in
# the background (RFC 5861), and serve it stale while the instances fail. Browsers get
# max-age=0 and ask again every time.
SHARED_CACHE_SECONDS = int(os.environ.get("SHARED_CACHE_SECONDS", "1"))
STALE_WHILE_REVALIDATE_SECONDS = int(os.environ.get("STALE_WHILE_REVALIDATE_SECONDS", "30"))
STALE_IF_ERROR_SECONDS = int(os.environ.get("STALE_IF_ERROR_SECONDS", "86400"))

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Work that can wait (the alerts' mails) is queued in the database and done by
# `manage.py db_worker` (started by `make run` beside gunicorn; README, "Alerts").
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Mail, with Django's own settings. Without EMAIL_HOST nothing is sent: each mail is
# written as a file in MAIL_DIR (./mail), for a newcomer to read.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "").strip()
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = Path(os.environ.get("MAIL_DIR", BASE_DIR / "mail"))
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "30"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "IN.TO.EU <alerts@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The site's address as mails write it (links, List-Unsubscribe): no request to read it from.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# After a temporary refusal (4xx, no connection) a mail is tried again after each of
# these delays in turn, then marked failed.
MAIL_RETRY_SECONDS = tuple(
    int(seconds)
    for seconds in env_list(
        # ALERTS_RETRY_SECONDS was its name while only the alerts sent mail.
        "MAIL_RETRY_SECONDS",
        os.environ.get("ALERTS_RETRY_SECONDS", "60,300,1800,7200,21600"),
    )
)
# Registrants' personal data is deleted this many days after their meeting ends (the
# privacy notice says so); their reminder goes this many hours before it starts.
REGISTRATION_DATA_DAYS = int(os.environ.get("REGISTRATION_DATA_DAYS", "30"))
REGISTRATION_REMINDER_HOURS = int(os.environ.get("REGISTRATION_REMINDER_HOURS", "24"))
# Accessibility feedback is deleted this many days after it was answered or closed (or,
# never answered, after it arrived).
FEEDBACK_KEPT_DAYS = int(os.environ.get("FEEDBACK_KEPT_DAYS", "365"))

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Languages: Albanian first, as the project's public announcements were.
LANGUAGE_CODE = "sq"
LANGUAGES = [
    ("sq", "Shqip"),
    ("it", "Italiano"),
    ("es", "Español"),
    ("el", "Ελληνικά"),
    ("en", "English"),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Europe/Tirane"

# Content missing in the requested language is shown in these languages, in
# this order, with a visible notice. Override with e.g. CONTENT_FALLBACK=it,en.
CONTENT_FALLBACK_LANGUAGES = tuple(env_list("CONTENT_FALLBACK", "en,sq"))
MODELTRANSLATION_DEFAULT_LANGUAGE = "sq"
MODELTRANSLATION_LANGUAGES = tuple(code for code, _name in LANGUAGES)
MODELTRANSLATION_FALLBACK_LANGUAGES = {"default": CONTENT_FALLBACK_LANGUAGES}
# The tabbed admin would fetch jQuery UI from a Google CDN; serve our own copy.
JQUERY_UI_URL = "jquery-ui/jquery-ui.min.js"

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    "into_eu.web.staticfinders.JQueryUIFinder",
]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
WHITENOISE_ADD_HEADERS_FUNCTION = add_static_headers
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Uploaded images: real images only, within these limits (see core/validators.py).
IMAGE_MAX_BYTES = 5 * 1024 * 1024
IMAGE_MAX_PIXELS = 40_000_000

# Logs go to stdout, as JSON lines in production (LOG_FORMAT=json|text), for the
# service manager or the container runtime to collect.
LOG_FORMAT = os.environ.get("LOG_FORMAT", "json" if PRODUCTION else "text")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "into_eu.web.logs.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": LOG_FORMAT,
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO").upper()},
}
# Every /media/ request is answered by meetings.media.serve, which decides who may read
# the file. Empty: Django sends the bytes too. A path such as /_protected_media/: Django
# answers with X-Accel-Redirect to it, and nginx sends the bytes from an internal location.
MEDIA_ACCEL_REDIRECT = os.environ.get("MEDIA_ACCEL_REDIRECT", "").strip()
if MEDIA_ACCEL_REDIRECT:
    MEDIA_ACCEL_REDIRECT = "/" + MEDIA_ACCEL_REDIRECT.strip("/") + "/"
DOCUMENT_MAX_BYTES = 20 * 1024 * 1024
# Widths of the renditions made of each uploaded photo (see meetings.renditions).
PHOTO_WIDTHS = (480, 960, 1600)

# The admin's address; a less obvious one keeps most password-guessing robots away.
ADMIN_URL = os.environ.get("ADMIN_URL", "admin/").strip("/") + "/"

# Security. Behind nginx, Django learns that the request came over HTTPS from the
# X-Forwarded-Proto header that nginx sets (and overwrites: see deploy/nginx.conf).
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
# Set only by the language switcher (into_eu/web/language.py); `/` opens in its language.
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = LANGUAGE_COOKIE_SECURE = PRODUCTION
SECURE_SSL_REDIRECT = PRODUCTION
# Load balancers probe these over plain HTTP on the private network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SECURE_HSTS_SECONDS = 31536000 if PRODUCTION else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")
CSRF_FAILURE_VIEW = "into_eu.web.errors.csrf_failure"

# Same origin only: no inline script or style, no third-party host. JSON-LD data
# blocks are not executed, so they need no exception.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [NONE],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF],
        "font-src": [SELF],
        "connect-src": [SELF],
        "manifest-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
        "object-src": [NONE],
    },
}
PERMISSIONS_POLICY = (
    "accelerometer=(), autoplay=(), camera=(), display-capture=(), geolocation=(), "
    "gyroscope=(), magnetometer=(), microphone=(), midi=(), payment=(), usb=()"
)

# Requests larger than this are refused before Django reads them, with a translated 413
# page; the largest legitimate one is an admin form with one file of the larger limit.
# nginx's client_max_body_size (deploy/nginx.conf) is set just above it.
MAX_REQUEST_BYTES = max(IMAGE_MAX_BYTES, DOCUMENT_MAX_BYTES) + 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
FILE_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
FILE_UPLOAD_PERMISSIONS = 0o644

# Admin login throttling: five wrong passwords for one user name from one address
# lock that pair out for an hour (per pair, so that nobody can lock staff out from
# elsewhere by guessing at their user names).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 1
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# Its admin pages exist in English only, which staff in four countries cannot all read;
# lockouts are listed and lifted with `manage.py axes_list_attempts` / `axes_reset_username`.
AXES_ENABLE_ADMIN = False
AXES_CLIENT_IP_CALLABLE = "core.throttle.client_address"
# Where the client's address is read from, as a request.META name: the header the proxy
# in front fills (nginx: X-Real-IP → HTTP_X_REAL_IP), or REMOTE_ADDR when clients connect
# directly. Unset, REMOTE_ADDR is used, and `check --deploy` warns in production: behind
# a proxy every client would share the proxy's address and its login lockouts.
CLIENT_IP_HEADER = os.environ.get("CLIENT_IP_HEADER", "").strip()
