"""Production: everything from the environment, HTTPS and hardened headers."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import LOGGING, SECRET_KEY, env, env_bool, env_int, env_list

if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set in the environment for production.")

DEBUG = False

# Behind a TLS-terminating proxy that sets X-Forwarded-Proto; SECURE_SSL_REDIRECT=False only for
# `make serve-prod` and load tests on plain HTTP, never on a public host.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", True)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", True)
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

INDEXABLE_HOSTS = env_list("INDEXABLE_HOSTS", "www.50a.fr")

LOG_FORMATTER = "plain" if env("LOG_FORMAT", "json") == "plain" else "json"
LOGGING = {
    **LOGGING,
    "handlers": {**LOGGING["handlers"], "console": {**LOGGING["handlers"]["console"], "formatter": LOG_FORMATTER}},
}
