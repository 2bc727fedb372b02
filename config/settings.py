"""Settings for the think-tank publishing site.

Everything that differs between machines comes from an environment variable
with a safe default; see `.env.example` for the full list.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item]


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "")
    try:
        return int(value) if value else default
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, got {value!r}") from exc


DEBUG = env_bool("DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if DEBUG:
        SECRET_KEY = "insecure-development-key-do-not-use-in-production"
    else:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set it in the environment "
            "(DEBUG=1 allows a development key)."
        )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# A refused form gets the site's own page, in the reader's language.
CSRF_FAILURE_VIEW = "config.security.csrf_failure"

# The admin's address; something other than "admin/" keeps scanners away.
ADMIN_PATH = os.environ.get("ADMIN_PATH", "admin").strip("/") + "/"

# HTTPS=1 when the site is served over TLS: redirects, HSTS, secure cookies.
HTTPS = env_bool("HTTPS", False)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", HTTPS)
# Load balancers probe the health check over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz/?$"]
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
if env_bool("SECURE_PROXY_SSL_HEADER", False):
    # Only behind a proxy that always sets (and strips) X-Forwarded-Proto.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = LANGUAGE_COOKIE_SECURE = HTTPS
SESSION_COOKIE_HTTPONLY = CSRF_COOKIE_HTTPONLY = LANGUAGE_COOKIE_HTTPONLY = True
# Staff sessions end after a working day rather than two weeks.
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 12 * 60 * 60)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = os.environ.get(
    "SECURE_REFERRER_POLICY", "strict-origin-when-cross-origin"
)
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# The institution's name as readers and editors see it (header, admin, PDFs).
SITE_NAME = os.environ.get("SITE_NAME", "Center for Strategic Analysis")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "config.apps.AdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    # Form widgets render through TEMPLATES, so templates/ can hold widgets.
    "django.forms",
    "django.contrib.postgres",
    "taggit",
    "reversion",
    "django_prose_editor",
    "csp",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "publications",
    "comments",
]

MIDDLEWARE = [
    # An unchanged page answers 304, whether it was cached or just rendered.
    "django.middleware.http.ConditionalGetMiddleware",
    # Then: a cached page skips everything below, as it does under WSGI.
    "publications.pagecache.middleware.PageCacheMiddleware",
    "config.security.ProxiedClientAddressMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "config.security.RejectNulMiddleware",
    "config.security.RequestSizeLimitMiddleware",
    "config.security.PermissionsPolicyMiddleware",
    "config.security.AdminMediaNonceMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # A database outage becomes the styled 503 page, not a 500.
    "config.unavailable.DatabaseUnavailableMiddleware",
    # Only looks at 404s: an article's old address redirects to its new one.
    "publications.middleware.ArticleRedirectFallbackMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a lockout into its own response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "publications.context_processors.site",
            ],
        },
    },
]
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

WSGI_APPLICATION = "config.wsgi.application"

# Database: SQLite under var/ unless DATABASE_URL names another.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several readers and one writer at a time without "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "transaction_mode": "IMMEDIATE"}
    )
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: in-process unless REDIS_URL points at a shared Redis.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {
                "CLIENT_CLASS": "django_redis.client.DefaultClient",
                "SOCKET_CONNECT_TIMEOUT": 1,
                "SOCKET_TIMEOUT": 1,
                # A Redis outage degrades to uncached pages; errors are logged.
                "IGNORE_EXCEPTIONS": True,
            },
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "thinktank"),
        }
    }
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "thinktank",
        }
    }

# The site chrome every page shows (navigation, footer), rendered once per
# process and language; its keys carry the categories' version.
CACHES["fragments"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "fragments",
}

# Anonymous pages are stored whole and invalidated exactly when their content
# changes (publications.pagecache); PAGE_CACHE=0 stores nothing in the site
# itself (a front cache may still keep pages).
PAGE_CACHE = env_bool("PAGE_CACHE", True)
# How long the site and shared caches (s-maxage) may keep a public page.
# Freshness comes from purges, not from time: this only lets unused pages go.
# Behind a CDN that cannot purge by key, make it as short as a page may be
# out of date.
PAGE_CACHE_TIMEOUT = env_int("PAGE_CACHE_TIMEOUT", 24 * 60 * 60)
# Without Redis, the versions the workers of one machine share.
PAGE_CACHE_VERSIONS_FILE = VAR_DIR / "page-cache-versions"
# Front caches purged by key when content changes (publications.pagecache.
# frontends): VARNISH_PURGE_URLS lists Varnish servers running the VCL of
# deploy/varnish/, e.g. http://127.0.0.1:6081.
FRONT_CACHES = {}
if VARNISH_PURGE_URLS := env_list("VARNISH_PURGE_URLS"):
    FRONT_CACHES["varnish"] = {
        "BACKEND": "publications.pagecache.frontends.VarnishBackend",
        "LOCATIONS": VARNISH_PURGE_URLS,
    }

# Background work (front-cache purges, editors' e-mails) is queued in the
# database and run by `manage.py db_worker`, which `make run` and `make serve`
# start.
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation."
        "UserAttributeSimilarityValidator"
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Internationalisation: Turkish at /, English under /en/.
LANGUAGE_CODE = "tr"
LANGUAGES = [("tr", _("Turkish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Istanbul"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"

AWS_STORAGE_BUCKET_NAME = os.environ.get("AWS_STORAGE_BUCKET_NAME", "")
if AWS_STORAGE_BUCKET_NAME:
    _media_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            "custom_domain": os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None,
            "file_overwrite": False,
            "default_acl": None,
            "querystring_auth": env_bool("AWS_QUERYSTRING_AUTH", False),
        },
    }
else:
    _media_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}

STORAGES = {
    "default": _media_storage,
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "config.static.StaticFilesStorage"
        )
    },
}

# Uploads: large enough for a print-quality photo, small enough to refuse abuse.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
IMAGE_MAX_BYTES = env_int("IMAGE_MAX_BYTES", 10 * 1024 * 1024)
IMAGE_MAX_PIXELS = env_int("IMAGE_MAX_PIXELS", 40_000_000)
# Whole request bodies: the largest image plus the rest of the article form.
MAX_REQUEST_BYTES = env_int("MAX_REQUEST_BYTES", IMAGE_MAX_BYTES + 2 * 1024 * 1024)

LOGIN_URL = "admin:login"

# Login throttling: five wrong passwords for one username from one address lock
# that pair out for AXES_COOLOFF_MINUTES (not the username alone, so nobody can
# lock an editor out from elsewhere). Attempts live in the database, shared by
# every worker and server.
AUTHENTICATION_BACKENDS = [
    "config.security.LoginThrottleBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "axes/lockout.html"
# Only REMOTE_ADDR is trusted, as for comments: a client can forge any header.
# Behind proxies, TRUSTED_PROXY_COUNT says how many X-Forwarded-For entries
# (from the right) they wrote; config.security puts the client's in REMOTE_ADDR.
AXES_IPWARE_META_PRECEDENCE_ORDER = ["REMOTE_ADDR"]
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
AXES_USERNAME_CALLABLE = "config.security.axes_username"

# Content-Security-Policy: nothing inline, nothing from another host. The only
# nonce goes to the admin's import map (the article editor's modules), see
# config.security.AdminMediaNonceMiddleware.
_media_origins = [
    f"https://{host}"
    for host in [os.environ.get("AWS_S3_CUSTOM_DOMAIN", "")]
    if host and os.environ.get("AWS_STORAGE_BUCKET_NAME")
]
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:", *_media_origins],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    },
}
PERMISSIONS_POLICY = (
    "accelerometer=(), browsing-topics=(), camera=(), display-capture=(), "
    "geolocation=(), gyroscope=(), magnetometer=(), microphone=(), midi=(), "
    "payment=(), usb=()"
)
# Local media is served by the site itself (with nosniff and a sandboxing CSP)
# unless a web server in front or object storage does it.
SERVE_MEDIA = env_bool("SERVE_MEDIA", not os.environ.get("AWS_STORAGE_BUCKET_NAME"))

# Comments close this many days after publication (0 keeps them open).
COMMENTS_CLOSE_AFTER_DAYS = env_int("COMMENTS_CLOSE_AFTER_DAYS", 0)
# Spam defences: a form posted sooner than MIN or later than MAX_AGE seconds
# after it was served is refused; MAX_LINKS or more links hold a comment for
# moderation; RATE_LIMIT is "count/period" (s, m, h, d) per IP and per e-mail.
COMMENTS_MIN_SECONDS = env_int("COMMENTS_MIN_SECONDS", 3)
COMMENTS_MAX_AGE_SECONDS = env_int("COMMENTS_MAX_AGE_SECONDS", 2 * 60 * 60)
COMMENTS_MAX_LINKS = env_int("COMMENTS_MAX_LINKS", 2)
COMMENTS_RATE_LIMIT = os.environ.get("COMMENTS_RATE_LIMIT", "5/10m")
# Publish at once a comment whose e-mail already has an approved comment.
COMMENTS_AUTO_APPROVE_KNOWN = env_bool("COMMENTS_AUTO_APPROVE_KNOWN", False)
# erase_comment_ips clears stored IP addresses older than this.
COMMENTS_IP_RETENTION_DAYS = env_int("COMMENTS_IP_RETENTION_DAYS", 30)

EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
# Seconds before a silent mail server is given up on (the task tries again
# later), so that it never holds the task worker.
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "webmaster@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
ADMINS = [
    (address.split("@")[0], address) for address in env_list("ADMINS") if "@" in address
]

LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # One JSON object per line on stderr; LOG_FORMAT=plain for a terminal.
    "formatters": {
        "json": {"()": "config.jsonlog.JSONFormatter"},
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "filters": {
        "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
    },
    "handlers": {
        "stderr": {
            "class": "logging.StreamHandler",
            "formatter": os.environ.get("LOG_FORMAT", "json"),
        },
        # Sends nothing while ADMINS is empty.
        "mail_admins": {
            "class": "django.utils.log.AdminEmailHandler",
            "level": "ERROR",
            "filters": ["require_debug_false"],
        },
    },
    "root": {"handlers": ["stderr"], "level": LOG_LEVEL},
    "loggers": {
        "django": {
            "handlers": ["stderr", "mail_admins"],
            "level": LOG_LEVEL,
            "propagate": False,
        },
        # Refused requests (bad Host header, path probes) are the client's
        # fault: logged, never mailed, so a scanner cannot flood the inbox.
        "django.security": {
            "handlers": ["stderr"],
            "level": LOG_LEVEL,
            "propagate": False,
        },
    },
}
