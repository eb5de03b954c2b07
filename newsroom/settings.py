"""Settings for Newsroom, read from the environment (see README.md, "Settings")."""

from pathlib import Path
from urllib.parse import urlsplit

import environ
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

# Core
DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    # Never fall back to a known key: sessions, password resets and signed
    # preview links would all be forgeable.
    raise ImproperlyConfigured(
        "SECRET_KEY is not set. Set the SECRET_KEY environment variable to a long random "
        "value (for local use, `make run` sets a development key)."
    )
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "newsroom.apps.NewsroomAdminConfig",  # Django's admin, with the office's sections
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "taggit",
    "reversion",
    "axes",
    "csp",
    "django_prose_editor",
    "articles",
    "pagecache",
    "staff",
    "office",
    "operations",
    "screening",
    "corrections",
    "workspace",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before sessions, auth and CSRF, so a cached public page skips them all.
    "pagecache.middleware.PublicPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks, so it sees the outcome of every login.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "newsroom.urls"
WSGI_APPLICATION = "newsroom.wsgi.application"

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
                "office.context_processors.office",
            ],
        },
    },
]

# Database: SQLite by default, PostgreSQL (psycopg 3) through DATABASE_URL
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # A slow query must not hold a web worker past gunicorn's timeout (30 s). Only the web
    # process (newsroom/wsgi.py) sets the limit: imports and migrations run as long as needed.
    STATEMENT_TIMEOUT_MS = env.int("DATABASE_STATEMENT_TIMEOUT", default=5000)
    if env.bool("NEWSROOM_WEB_PROCESS", default=False) and STATEMENT_TIMEOUT_MS > 0:
        DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
            f"-c statement_timeout={STATEMENT_TIMEOUT_MS}"
        )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: Redis when REDIS_URL is set, shared by every process
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            # Django's RedisCache, raising one exception (CacheUnavailable) that the page
            # cache, the admin and the rate limits catch to carry on without Redis.
            "BACKEND": "pagecache.backends.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="newsroom"),
            # A Redis that accepts and never answers must cost a fraction of a second, once:
            # then this process leaves it alone for RETRY_AFTER seconds.
            "OPTIONS": {
                "socket_connect_timeout": env.float("REDIS_TIMEOUT", default=0.25),
                "socket_timeout": env.float("REDIS_TIMEOUT", default=0.25),
            },
            "RETRY_AFTER": env.float("REDIS_RETRY_AFTER", default=5.0),
        }
    }
else:
    # A folder that every process on this machine shares (gunicorn workers, an import run
    # from the shell), so an invalidation reaches them all; a per-process memory cache would
    # not. More than one machine needs REDIS_URL. See README.md, "Performance".
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": env.path("CACHE_DIR", default=BASE_DIR / ".cache"),
            "OPTIONS": {"MAX_ENTRIES": 1000},
        }
    }
# Rendered public pages for anonymous visitors (pagecache.middleware); PAGE_CACHE=0 turns it off.
# Off under DEBUG, so an edited template shows at once.
PAGE_CACHE = env.bool("PAGE_CACHE", default=not DEBUG)
PAGE_CACHE_TIMEOUT = env.int("PAGE_CACHE_TIMEOUT", default=600)
# An edge cache in front (nginx proxy_cache, a CDN) may keep anonymous public pages this many
# seconds (s-maxage; 0: not at all), and EDGE_PURGE_URL is POSTed to when they change.
EDGE_CACHE_SECONDS = env.int("EDGE_CACHE_SECONDS", default=0)
EDGE_PURGE_URL = env.str("EDGE_PURGE_URL", default="")
EDGE_PURGE_TOKEN = env.str("EDGE_PURGE_TOKEN", default="")

# Sessions live in the database so any app process can serve any request. A session ends
# SESSION_COOKIE_AGE seconds (12 hours by default) after its last use: renewing it costs one
# write per signed-in request. Anonymous visitors have no session and cached public pages are
# answered before the session middleware, so the public site pays nothing.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=12 * 60 * 60)
SESSION_SAVE_EVERY_REQUEST = True

# Authentication: the admin's login, which falls back to the admin index when `next` is refused.
LOGIN_URL = "admin:login"
LOGIN_REDIRECT_URL = "admin:index"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# No "AXES: BEGIN ..." banner on every management command and worker start.
AXES_VERBOSE = False
# Behind proxies, the visitor's address comes from X-Forwarded-For (see newsroom/proxies.py);
# 0 ignores the header, which a client can write itself.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
AXES_CLIENT_IP_CALLABLE = "newsroom.proxies.client_ip"
AXES_LOCKOUT_CALLABLE = "newsroom.lockout.lockout_response"
# Password reset links (articles.password_reset) are valid this many seconds, and once.
PASSWORD_RESET_TIMEOUT = env.int("PASSWORD_RESET_TIMEOUT", default=2 * 60 * 60)

# E-mail: EMAIL_URL such as smtp+tls://user:password@mail.example.id:587; without it mails are
# printed to the console (tests collect them in django.core.mail.outbox).
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
# A mail server that does not answer must not hold a worker for long.
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Humas <noreply@localhost>")

# Language and time
LANGUAGE_CODE = "id"
LANGUAGES = [("id", "Bahasa Indonesia"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True

# Static files and media
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
FIXTURE_DIRS = [BASE_DIR / "fixtures"]

# Tags compare case-insensitively so "Pilkada" and "pilkada" are one tag.
TAGGIT_CASE_INSENSITIVE = True

# Security: strict by default, relaxed only by DEBUG or explicit variables
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
if env.bool("TRUST_X_FORWARDED_PROTO", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "img-src": [SELF, "data:"],
        # NONCE is sent only on pages that use it: the admin's body editor has an inline
        # import map (django-prose-editor); no page may run inline code without the nonce.
        "script-src": [SELF, NONCE],
        # The admin's body editor (Tiptap, in django-prose-editor) injects one fixed <style>
        # element with its base CSS; this hash allows exactly that stylesheet and nothing else.
        "style-src": [SELF, "'sha256-PlumsSlvJ7vvWzjqibGAYKq92O3y/4JTxWWsWJvyUYA='"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
}

# Running on more than one machine (README.md, "Running on more than one machine")
# Media on S3-compatible storage when a bucket is named, with the names django-storages reads.
AWS_STORAGE_BUCKET_NAME = env.str("AWS_STORAGE_BUCKET_NAME", default="")
if AWS_STORAGE_BUCKET_NAME:
    AWS_S3_ENDPOINT_URL = env.str("AWS_S3_ENDPOINT_URL", default="") or None
    AWS_S3_REGION_NAME = env.str("AWS_S3_REGION_NAME", default="") or None
    AWS_S3_CUSTOM_DOMAIN = env.str("AWS_S3_CUSTOM_DOMAIN", default="") or None
    AWS_S3_URL_PROTOCOL = env.str("AWS_S3_URL_PROTOCOL", default="https:")
    # Unset keys leave boto3 to its own chain (instance role, ~/.aws/credentials).
    AWS_ACCESS_KEY_ID = env.str("AWS_ACCESS_KEY_ID", default="") or None
    AWS_SECRET_ACCESS_KEY = env.str("AWS_SECRET_ACCESS_KEY", default="") or None
    # Published photos are public: plain addresses a page cache and a CDN can keep, not signed
    # ones that expire. Unpublished photos stay unguessable by their random names.
    AWS_QUERYSTRING_AUTH = False
    AWS_S3_FILE_OVERWRITE = False
    AWS_S3_OBJECT_PARAMETERS = {"CacheControl": "public, max-age=31536000, immutable"}
    STORAGES["default"] = {"BACKEND": "storages.backends.s3.S3Storage"}
MEDIA_URL = env.str("MEDIA_URL", default=MEDIA_URL)
# Static files behind a CDN: STATIC_URL=https://cdn.example.id/static/ (collectstatic on every
# node still builds the manifest the pages' addresses come from).
STATIC_URL = env.str("STATIC_URL", default=STATIC_URL)
STATIC_ROOT = env.path("STATIC_ROOT", default=STATIC_ROOT)


def _origin(url):
    """Return scheme://host[:port] of an absolute URL, or None for a path on this site."""
    parts = urlsplit(url if "//" in url else "")
    return f"{parts.scheme or 'https'}://{parts.netloc}" if parts.netloc else None


if AWS_STORAGE_BUCKET_NAME:
    MEDIA_ORIGIN = (
        _origin(f"{AWS_S3_URL_PROTOCOL}//{AWS_S3_CUSTOM_DOMAIN}")
        if AWS_S3_CUSTOM_DOMAIN
        else _origin(AWS_S3_ENDPOINT_URL or f"https://{AWS_STORAGE_BUCKET_NAME}.s3.amazonaws.com")
    )
else:
    MEDIA_ORIGIN = _origin(MEDIA_URL)
_csp = CONTENT_SECURITY_POLICY["DIRECTIVES"]
_csp["media-src"] = [SELF]
for _directive, _origin_url in (
    ("img-src", MEDIA_ORIGIN),
    ("media-src", MEDIA_ORIGIN),
    ("img-src", _origin(STATIC_URL)),
    ("script-src", _origin(STATIC_URL)),
    ("style-src", _origin(STATIC_URL)),
    ("font-src", _origin(STATIC_URL)),
):
    if _origin_url and _origin_url not in _csp.setdefault(_directive, [SELF]):
        _csp[_directive].append(_origin_url)

# Health checks answer before the host check and the HTTPS redirect (newsroom/health.py); the
# redirect exemption holds even if the middleware is moved.
MIDDLEWARE.insert(0, "newsroom.health.HealthCheckMiddleware")
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
HEALTH_CHECK_TIMEOUT = env.float("HEALTH_CHECK_TIMEOUT", default=1.0)

if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # DATABASE_POOL=1: a psycopg pool in each process instead of persistent connections.
    if env.bool("DATABASE_POOL", default=False):
        DATABASES["default"]["CONN_MAX_AGE"] = 0  # Django requires it with a pool
        DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
            "min_size": env.int("DATABASE_POOL_MIN_SIZE", default=2),
            "max_size": env.int("DATABASE_POOL_MAX_SIZE", default=4),
            "timeout": env.float("DATABASE_POOL_TIMEOUT", default=10),
        }
    # DATABASE_PGBOUNCER=1: behind pgbouncer in transaction mode, where a connection changes
    # between transactions: no server-side cursors (they live across transactions) and no
    # prepared statements (they live in one server connection).
    if env.bool("DATABASE_PGBOUNCER", default=False):
        DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
        DATABASES["default"].setdefault("OPTIONS", {})["prepare_threshold"] = None
    # A read replica for anonymous public pages (newsroom/replica.py): everything else, and any
    # page while the replica has not replayed the last change, reads the primary.
    DATABASE_REPLICA_URL = env.str("DATABASE_REPLICA_URL", default="")
    if DATABASE_REPLICA_URL:
        DATABASES["replica"] = {
            **env.db_url_config(DATABASE_REPLICA_URL),
            "CONN_MAX_AGE": DATABASES["default"]["CONN_MAX_AGE"],
            "CONN_HEALTH_CHECKS": True,
            "TEST": {"MIRROR": "default"},
        }
        DATABASES["replica"]["OPTIONS"] = {
            **DATABASES["default"].get("OPTIONS", {}),
            **DATABASES["replica"].get("OPTIONS", {}),
            # A replica that is down must not hold a request: it falls back to the primary.
            "connect_timeout": env.int("DATABASE_REPLICA_CONNECT_TIMEOUT", default=1),
        }
        DATABASE_ROUTERS = ["newsroom.replica.ReplicaRouter"]
        MIDDLEWARE.insert(
            MIDDLEWARE.index("pagecache.middleware.PublicPageCacheMiddleware") + 1,
            "newsroom.replica.ReplicaReadsMiddleware",
        )

# The release form (workspace app): an autosave this many seconds after a change, a presence
# heartbeat every WORKSPACE_HEARTBEAT_SECONDS, forgotten WORKSPACE_PRESENCE_TIMEOUT after the last.
WORKSPACE_AUTOSAVE_SECONDS = env.int("WORKSPACE_AUTOSAVE_SECONDS", default=12)
WORKSPACE_HEARTBEAT_SECONDS = env.int("WORKSPACE_HEARTBEAT_SECONDS", default=30)
WORKSPACE_PRESENCE_TIMEOUT = env.int("WORKSPACE_PRESENCE_TIMEOUT", default=120)
