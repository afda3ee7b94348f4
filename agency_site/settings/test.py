"""Test run: fast hashing, mail in Django's outbox, tasks run inline."""

import os
import tempfile

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-not-secret"
# Exact names, as in production: the page cache keys only on hosts listed here (never on a wildcard).
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1", "[::1]", "www.50a.fr", ".50a.fr"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
CONTACT_RECIPIENTS = []
# Counters live in a cache shared by the whole run; contact's rate-limit tests set their own limit.
CONTACT_RATE_LIMIT = ""
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
WAGTAILADMIN_BASE_URL = "http://testserver"
# The embedded default whatever REDIS_URL says, page cache on as in production: tests that need Redis
# start their own (agency_site/tests/redis_server.py).
CACHES = EMBEDDED_CACHES  # noqa: F405
SESSION_ENGINE = "django.contrib.sessions.backends.db"

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file, as in production, not Django's shared in-memory database: in that mode SQLite locks whole
    # tables between threads (« database table is locked », which no busy timeout waits for), so threaded
    # tests would measure a lock the shipped WAL file does not have. pytest-django adds `_gw0`… per worker.
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": os.path.join(tempfile.gettempdir(), f"50a-test-{os.getpid()}.sqlite3"),
    }
