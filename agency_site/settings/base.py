"""Production-safe settings shared by every environment, read from the environment."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env(name, default=None):
    return os.environ.get(name, default)


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_int(name, default):
    value = os.environ.get(name)
    if value in (None, ""):
        return default
    try:
        return int(value)
    except ValueError as error:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from error


SECRET_KEY = env("SECRET_KEY")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# Check ids to leave out, e.g. agency_site.W001 where the database holds demo content (`make check`).
SILENCED_SYSTEM_CHECKS = env_list("SILENCED_SYSTEM_CHECKS")

INSTALLED_APPS = [
    # Project apps in layer order: the demo content loads in this order (offers before the glossary that links them).
    "agency_site",
    "services",
    "glossary",
    "contact",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.routable_page",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    # Answers load balancers before host validation and the HTTPS redirect.
    "agency_site.health.HealthCheckMiddleware",
    # Compresses rendered text the page cache does not answer already gzipped (search results, the
    # admin), with Django's random padding against BREACH; never streamed files (agency_site/middleware.py).
    "agency_site.middleware.TextGZipMiddleware",
    # Before every other middleware, so a hit costs no I/O and nothing else; it stores the headers the
    # middlewares below add and answers conditional GETs itself (agency_site/pagecache/).
    "agency_site.pagecache.middleware.PageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "agency_site.security.ContentSecurityPolicyMiddleware",
    "agency_site.security.SecurityHeadersMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "agency_site.middleware.RejectUndecodableFormMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes asks: turns a refused admin login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "agency_site.urls"
WSGI_APPLICATION = "agency_site.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "agency_site.security.indexing",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several writers share the file (gunicorn workers, the task worker, a command): WAL lets readers go on
    # during a write, a write waits up to SQLITE_BUSY_TIMEOUT seconds for the lock instead of failing
    # with « database is locked », and IMMEDIATE takes that lock at BEGIN, where waiting is still possible.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "timeout": env_int("SQLITE_BUSY_TIMEOUT", 20),
        "transaction_mode": "IMMEDIATE",
    }
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Wagtail's search index and the glossary's trigram lookups need it; its checks fail without it.
    INSTALLED_APPS.append("django.contrib.postgres")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "fr-fr"
LANGUAGES = [("fr", "Français")]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", BASE_DIR / "media"))
# Django answers /media/ itself only where nothing else does: `make run` and `make serve-prod` on one
# machine. Behind a real deployment the web server or the object storage serves uploads.
SERVE_MEDIA = env_bool("SERVE_MEDIA", False)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Mail (Django 6.1 mailers): SMTP when EMAIL_HOST is set; dev falls back to the console.
SMTP_HOST = env("EMAIL_HOST", "")


def smtp_mailer():
    return {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {
            "host": SMTP_HOST or "localhost",
            "port": env_int("EMAIL_PORT", 25),
            "username": env("EMAIL_HOST_USER", ""),
            "password": env("EMAIL_HOST_PASSWORD", ""),
            "use_tls": env_bool("EMAIL_USE_TLS", False),
            "timeout": env_int("EMAIL_TIMEOUT", 10),
        },
    }


MAILERS = {"default": smtp_mailer()}
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "50A <ne-pas-repondre@50a.fr>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Comma-separated; when set, overrides the recipients edited in the admin.
CONTACT_RECIPIENTS = env_list("CONTACT_RECIPIENTS")
# Lead pipeline (contact/): spam guards, delivery retries, retention. See README « Formulaire de contact ».
CONTACT_MIN_FILL_SECONDS = env_int("CONTACT_MIN_FILL_SECONDS", 3)
CONTACT_RATE_LIMIT = env("CONTACT_RATE_LIMIT", "10/10m")
# Number of reverse proxies in front of the site whose X-Forwarded-For is trusted for the visitor's IP.
CONTACT_TRUSTED_PROXY_COUNT = env_int("CONTACT_TRUSTED_PROXY_COUNT", 0)
CONTACT_RETENTION_DAYS = env_int("CONTACT_RETENTION_DAYS", 3 * 365)
# Where a lead waits, one fsynced file each, while the database cannot be written; `manage.py
# ingest_contact_spool` (cron, every minute) stores them when it is back. Local disk, kept across restarts.
CONTACT_SPOOL_DIR = env("CONTACT_SPOOL_DIR") or str(BASE_DIR / "var" / "contact-spool")

# Django's task framework (Django 6) stores leads' mail jobs in the database;
# Wagtail's own housekeeping tasks use the django-tasks backport and run inline.
TASKS = {
    "default": {"BACKEND": "django_tasks_db.DatabaseBackend"},
}


WAGTAIL_SITE_NAME = "50A"
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAIL_I18N_ENABLED = False
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAILADMIN_PERMITTED_LANGUAGES = [("fr", "Français")]
WAGTAIL_CONTENT_LANGUAGES = [("fr", "Français")]
WAGTAILIMAGES_FORMAT_CONVERSION = {"avif": "avif", "webp": "webp"}
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILEMBEDS_RESPONSIVE_HTML = True

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

LOGIN_URL = "wagtailadmin_login"

# Everything to stdout for the process manager; LOG_FORMAT=json (production's default) writes one JSON object a line.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {"()": "agency_site.logs.JsonLineFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "json" if env("LOG_FORMAT", "plain") == "json" else "plain",
        }
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.request": {"level": "ERROR"},
        "wagtail": {"level": "WARNING"},
        "django.tasks": {"level": "WARNING"},
    },
}


# --- Production, performance and security (README: "Production, performance et sécurité") ---

# With REDIS_URL, one cache for every app server (page cache, sessions, rate limits). Django-redis ignores
# Redis errors: the cache is an accelerator, never a dependency, and with Redis down pages are rendered,
# sessions come from the database and /healthz reports the cache as down.
# Without it (the embedded default), the content version, shared by every process on the database, lives in
# the database cache table, created by `migrate`, and the pages in each process's memory (agency_site/pagecache/).
# Counters are never kept in that cache, whose incr() is a read then a write: the contact rate limit has its
# own table (contact.models.RateLimitCounter), the admin lockout django-axes' tables.
REDIS_URL = env("REDIS_URL", "")
EMBEDDED_CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "django_cache",
        # Culling past MAX_ENTRIES could drop the content version and empty every process's page cache.
        "OPTIONS": {"MAX_ENTRIES": 100_000},
    },
    "pagecache": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "pagecache",
        "OPTIONS": {"MAX_ENTRIES": 10_000},
    },
}
if REDIS_URL:
    REDIS_CACHE = {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": env("CACHE_KEY_PREFIX", "50a"),
        "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 2, "SOCKET_TIMEOUT": 2, "IGNORE_EXCEPTIONS": True},
    }
    CACHES = {"default": REDIS_CACHE, "pagecache": REDIS_CACHE}
    # Sessions are read from Redis first, and from the database when Redis does not answer.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = EMBEDDED_CACHES
    SESSION_ENGINE = "django.contrib.sessions.backends.db"
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True

# The glossary at any size (glossary/listing.py): up to GLOSSARY_INDEX_FULL_LIST_MAX entries the index lists
# them all by letter; past it, the A–Z with counts and the GLOSSARY_RECENT_ENTRIES latest published. Letter
# pages show GLOSSARY_LETTER_PAGE_SIZE entries each (?page=2…).
GLOSSARY_INDEX_FULL_LIST_MAX = env_int("GLOSSARY_INDEX_FULL_LIST_MAX", 200)
GLOSSARY_RECENT_ENTRIES = env_int("GLOSSARY_RECENT_ENTRIES", 12)
GLOSSARY_LETTER_PAGE_SIZE = env_int("GLOSSARY_LETTER_PAGE_SIZE", 100)
# Pages per sitemap file: past it /sitemap.xml becomes a sitemap index (the protocol allows 50,000 URLs a file;
# the glossary index adds its letter pages to its own URL, hence the margin).
SITEMAP_PAGE_SIZE = env_int("SITEMAP_PAGE_SIZE", 45_000)

# Full-page cache of anonymous page views, invalidated by a site-wide content version (agency_site/pagecache/).
PAGE_CACHE_ENABLED = env_bool("PAGE_CACHE_ENABLED", True)
PAGE_CACHE_TIMEOUT = env_int("PAGE_CACHE_TIMEOUT", 24 * 60 * 60)
# Bytes of pages each process keeps in memory (the only store without Redis, a copy in front of it with it).
PAGE_CACHE_MEMORY_BYTES = env_int("PAGE_CACHE_MEMORY_BYTES", 64 * 1024 * 1024)
# On Redis, each process learns of a new content version from Redis's announcements instead of asking
# on every request (agency_site/pagecache/version.py SharedVersionWatch); off, it asks every time.
PAGE_CACHE_VERSION_WATCH = env_bool("PAGE_CACHE_VERSION_WATCH", True)
# After an edit (never after an unpublish, a deletion, a restriction or a move), the page stored before it may be
# served for this many seconds at most, while the server is busy rendering the new one (docs/cache-de-pages.md).
PAGE_CACHE_STALE_SECONDS = env_int("PAGE_CACHE_STALE_SECONDS", 120)
# The deployed release (e.g. the commit id): pages cached by another release are never served. Empty: a
# digest of the code, templates and static manifest, computed at start-up (agency_site/pagecache/release.py).
RELEASE = env("RELEASE", "")
# Seconds a CDN may keep a page (s-maxage); 0 without a CDN, whose purge is configured below.
CDN_MAX_AGE = env_int("CDN_MAX_AGE", 0)

# Content Security Policy (Django's built-in middleware, subclassed in agency_site/security.py):
# public pages are cached and shared, so no nonce and nothing inline, only files from this origin.
MEDIA_HOST = env("AWS_S3_CUSTOM_DOMAIN", "")
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:", *([f"https://{MEDIA_HOST}"] if MEDIA_HOST else [])],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}
# Wagtail's admin ships inline scripts and styles and previews pages in a same-origin iframe.
SECURE_CSP_ADMIN = {
    **SECURE_CSP,
    "script-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "img-src": [*SECURE_CSP["img-src"], "blob:"],
    "font-src": [CSP.SELF, "data:"],
    "frame-src": [CSP.SELF],
    "frame-ancestors": [CSP.SELF],
}
CSP_ADMIN_PATH_PREFIXES = ("/admin/",)
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()"
)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# No avatar requests to a third party from the admin.
WAGTAIL_GRAVATAR_PROVIDER_URL = None

# Hosts search engines may index; every other host (staging, review apps) answers noindex.
INDEXABLE_HOSTS = env_list("INDEXABLE_HOSTS", "")

# Admin login lockout (django-axes): failures stored in the database, so every process shares them,
# counted per account and per client IP; the lockout runs LOGIN_LOCKOUT_SECONDS from the last failure.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
LOGIN_FAILURES_PER_ACCOUNT = env_int("LOGIN_FAILURES_PER_ACCOUNT", 5)
LOGIN_FAILURES_PER_IP = env_int("LOGIN_FAILURES_PER_IP", 20)
LOGIN_LOCKOUT_SECONDS = env_int("LOGIN_LOCKOUT_SECONDS", 15 * 60)
AXES_HANDLER = "agency_site.security.AccountOrAddressLockoutHandler"
# No start-up banner: every command (and what a script reads from `manage.py shell`) stays quiet.
AXES_VERBOSE = False
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_FAILURE_LIMIT = LOGIN_FAILURES_PER_ACCOUNT
AXES_COOLOFF_TIME = timedelta(seconds=LOGIN_LOCKOUT_SECONDS)
AXES_USERNAME_CALLABLE = "agency_site.security.login_account"
AXES_CLIENT_IP_CALLABLE = "agency_site.client_ip.client_ip"
AXES_RESET_ON_SUCCESS = True
# A refused attempt during the lockout does not restart it: the window runs from the last real failure.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_TEMPLATE = "agency_site/login_locked_out.html"
# No row per successful login: nothing reads them, and they would keep editors' IPs.
AXES_DISABLE_ACCESS_LOG = True

# An editor's changed slug or moved page leaves a redirect from the old URL.
WAGTAILREDIRECTS_AUTO_CREATE = True

# Media on S3-compatible object storage when a bucket is configured (several app servers), else local disk.
AWS_STORAGE_BUCKET_NAME = env("AWS_STORAGE_BUCKET_NAME", "")
if AWS_STORAGE_BUCKET_NAME:
    STORAGES["default"] = {"BACKEND": "storages.backends.s3.S3Storage"}
    AWS_S3_REGION_NAME = env("AWS_S3_REGION_NAME") or None
    AWS_S3_ENDPOINT_URL = env("AWS_S3_ENDPOINT_URL") or None
    AWS_S3_CUSTOM_DOMAIN = MEDIA_HOST or None
    AWS_DEFAULT_ACL = None
    AWS_QUERYSTRING_AUTH = False
    AWS_S3_FILE_OVERWRITE = False
    AWS_S3_OBJECT_PARAMETERS = {"CacheControl": "public, max-age=31536000, immutable"}

# CDN purge (wagtail.contrib.frontend_cache), on only when a CDN is configured.
WAGTAILFRONTENDCACHE = {}
if env("CLOUDFLARE_API_TOKEN"):
    WAGTAILFRONTENDCACHE["cloudflare"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
        "BEARER_TOKEN": env("CLOUDFLARE_API_TOKEN"),
        "ZONEID": env("CLOUDFLARE_ZONE_ID"),
    }
if env("CLOUDFRONT_DISTRIBUTION_ID"):
    WAGTAILFRONTENDCACHE["cloudfront"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudfrontBackend",
        "DISTRIBUTION_ID": env("CLOUDFRONT_DISTRIBUTION_ID"),
    }
if env("FRONTEND_CACHE_PURGE_URL"):
    WAGTAILFRONTENDCACHE["http"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
        "LOCATION": env("FRONTEND_CACHE_PURGE_URL"),
    }
if WAGTAILFRONTENDCACHE:
    INSTALLED_APPS.insert(INSTALLED_APPS.index("wagtail.contrib.redirects"), "wagtail.contrib.frontend_cache")
