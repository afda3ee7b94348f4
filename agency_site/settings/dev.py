"""Local development: DEBUG on, console mail unless EMAIL_HOST is set."""

from .base import *  # noqa: F403
from .base import INSTALLED_APPS, SMTP_HOST, env, env_bool, env_list

DEBUG = env_bool("DEBUG", True)
# Development only: production refuses to start without a SECRET_KEY from the environment.
SECRET_KEY = env("SECRET_KEY") or "django-insecure-local-development-only"
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
# `make run` has no web server in front: Django answers /media/ (uploaded images).
SERVE_MEDIA = env_bool("SERVE_MEDIA", True)
# The benchmark commands (`make bench`) exist here only: production installs no benchmark code.
INSTALLED_APPS = [*INSTALLED_APPS, "benchmarks"]

if not SMTP_HOST:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
