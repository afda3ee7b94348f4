"""Two gunicorn instances sharing one PostgreSQL and one Redis: a publish shows on both at once."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from agency_site.tests.servers import (
    fetch,
    free_port,
    start_gunicorn,
    wait_for_other_sessions_to_end,
    wait_until_healthy,
)
from glossary.models import GlossaryEntryPage

ENTRY_URL = "/glossaire/agence-community-management/"
BASE_DIR = Path(settings.BASE_DIR)

pytestmark = pytest.mark.slow


@pytest.fixture
def media_on_disk(settings, tmp_path):
    """Uploaded images where the servers can read them (tests keep media in memory otherwise)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}}
    return settings.MEDIA_ROOT


@pytest.fixture
def two_servers(transactional_db, media_on_disk, shared_cache, redis_server, tmp_path, request):
    # No serialized rollback: after another transactional test's flush, Django's post_migrate has recreated the
    # content types under new ids, and reloading the serialized ones would collide. glossary_entry puts back the
    # rows migrations made (conftest.ensure_wagtail_base_rows).
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: set DATABASE_URL (make scale-check does)")
    # The entry is built after the media and cache settings above, and committed for the servers to read.
    request.getfixturevalue("glossary_entry")
    static_root = tmp_path / "static"
    db = connection.settings_dict
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "agency_site.settings.production",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "REDIS_URL": redis_server.url,
        "CACHE_KEY_PREFIX": shared_cache,
        "SECRET_KEY": secrets.token_urlsafe(50),
        "SECURE_SSL_REDIRECT": "False",
        "ALLOWED_HOSTS": "127.0.0.1",
        "STATIC_ROOT": str(static_root),
        "MEDIA_ROOT": str(media_on_disk),
        "WEB_CONCURRENCY": "1",
        "GUNICORN_THREADS": "2",
        "GUNICORN_ACCESS_LOG": "off",
        "LOG_LEVEL": "WARNING",
    }
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=BASE_DIR,
        env=environment,
        check=True,
    )
    servers = []
    try:
        for _ in range(2):
            port = free_port()
            process = start_gunicorn(environment, port, quiet=False)
            servers.append((process, port))
        for process, port in servers:
            wait_until_healthy(process, port)
        yield [port for _process, port in servers]
    finally:
        for process, _port in servers:
            process.terminate()
        for process, _port in servers:
            process.wait(timeout=30)
        wait_for_other_sessions_to_end()


def test_a_publish_shows_at_once_on_both_instances(two_servers):
    first, second = two_servers
    for port in (first, second):
        status, _headers, body = fetch(port, ENTRY_URL)
        assert status == 200 and "Agence community management" in body
    # Both instances now answer from the one cache in Redis.
    assert fetch(second, ENTRY_URL)[1]["X-Page-Cache"] == "hit"

    entry = GlossaryEntryPage.objects.get(slug="agence-community-management")
    entry.title = "Agence de community management à Paris"
    entry.save_revision().publish()

    for port in (second, first):
        status, headers, body = fetch(port, ENTRY_URL)
        assert "Agence de community management à Paris" in body, port
        assert headers["X-Page-Cache"] == "miss"
    _status, _headers, index = fetch(second, "/glossaire/")
    assert "Agence de community management à Paris" in index
