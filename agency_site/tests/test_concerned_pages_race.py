"""Two edits at once both name the pages they concern: neither writes over the other's (version.name_concerned).

Each edit reads the pages named so far, adds its own and writes them back. The tests slip a second edit, from another
thread with its own connection, between the first edit's read and its write, on the caches the site runs on: the
database cache of several processes without Redis (SQLite, or PostgreSQL under DATABASE_URL) and Redis. Without the
turn-taking, the first edit's write takes the second's pages away, and they stand in, stale, for the whole window.
"""

import threading

import pytest
from django.core.cache import cache
from django.db import connection, transaction

from agency_site.pagecache import version as version_module
from agency_site.pagecache.invalidation import bump_content_version
from agency_site.pagecache.version import CONCERNED_KEY, read_shared_version, replace_version

FIRST = {"/glossaire/seo/", "/glossaire/"}
SECOND = {"/glossaire/social-media/", "/glossaire/lettre/s/"}


def edit_in_thread(paths):
    """An edit made by another thread, on its own database connection, as another process would."""

    def edit():
        try:
            replace_version(concerned=paths)  # logs, never raises: the assertions tell what it wrote
        finally:
            connection.close()

    thread = threading.Thread(target=edit)
    thread.start()
    return thread


def race(monkeypatch, patience):
    """Replace the version for FIRST, with an edit for SECOND started by another thread right after FIRST read the
    pages named so far, and given `patience` seconds to finish before FIRST writes. Returns whether it was still
    waiting then (for FIRST's turn)."""
    real_with_concerned = version_module.with_concerned
    other = {}

    def slipped_in(concerned, paths, now):
        if "thread" not in other:
            other["thread"] = edit_in_thread(SECOND)
            other["thread"].join(timeout=patience)
            other["waited"] = other["thread"].is_alive()
        return real_with_concerned(concerned, paths, now)

    monkeypatch.setattr(version_module, "with_concerned", slipped_in)
    replace_version(concerned=FIRST)
    other["thread"].join(timeout=30)
    assert not other["thread"].is_alive()
    return other["waited"]


@pytest.mark.django_db(transaction=True)
def test_two_edits_at_once_keep_both_their_pages_in_the_database_cache(monkeypatch, settings):
    # The default without Redis, as in the test settings.
    assert settings.CACHES["default"]["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"
    waited = race(monkeypatch, patience=2)

    assert set(read_shared_version().concerned) == FIRST | SECOND
    assert set(cache.get(CONCERNED_KEY)) == FIRST | SECOND
    # The second edit waited for the first one's transaction: it could not read before the first one wrote.
    assert waited


def test_two_edits_at_once_keep_both_their_pages_on_redis(monkeypatch, shared_cache):
    waited = race(monkeypatch, patience=20)

    assert set(read_shared_version().concerned) == FIRST | SECOND
    # On Redis the second edit does not wait: it writes, and the first one's write, seeing the key written since its
    # read (WATCH), reads and writes again.
    assert not waited


@pytest.mark.django_db(transaction=True)
def test_an_edit_inside_a_transaction_names_its_pages_after_the_commit(monkeypatch):
    """Inside the edit's transaction no lock is taken (it would be held until the commit, beside the edit's rows): the
    pages are named once it commits, taking turns then."""
    calls = []
    real = version_module.name_concerned

    def counted(paths, now):
        calls.append(connection.in_atomic_block)
        return real(paths, now)

    monkeypatch.setattr(version_module, "name_concerned", counted)
    with transaction.atomic():
        bump_content_version("test", concerned=FIRST)
        assert calls == [True]
    assert calls == [True, False]
    assert set(read_shared_version().concerned) == FIRST


@pytest.mark.django_db(transaction=True)
def test_naming_pages_in_the_database_never_waits_on_a_lock_of_this_process():
    """Only the database orders the edits there: a lock of the process, held by a thread whose edit waits on the
    database, would wait on an edit of the same process in turn, a deadlock nobody detects."""
    with version_module._concerned_lock:
        thread = edit_in_thread(FIRST)
        thread.join(timeout=20)
        assert not thread.is_alive()
    assert set(read_shared_version().concerned) == FIRST
