"""Two edits at once both name the pages they concern: neither writes over the other's (version.name_concerned).

Each edit reads the pages named so far, adds its own and writes them back. The tests slip a second edit, from another
thread with its own connection, between the first edit's read and its write, on the caches the site runs on: the
database cache of several processes without Redis (SQLite, or PostgreSQL under DATABASE_URL) and Redis. Before, the
first edit's write took the second's pages away, and they stood in, stale, for the whole window.
"""

import threading

import pytest
from django.core.cache import cache
from django.db import connection

from agency_site.pagecache import version as version_module
from agency_site.pagecache.version import CONCERNED_KEY, read_shared_version, replace_version

FIRST = {"/glossaire/seo/", "/glossaire/"}
SECOND = {"/glossaire/social-media/", "/glossaire/lettre/s/"}


def race(monkeypatch):
    """Replace the version for FIRST, with an edit for SECOND made by another thread right after FIRST read the pages
    named so far. Returns how long that thread waited for FIRST (None if it finished while FIRST was between the two)."""
    real_with_concerned = version_module.with_concerned
    other = {}

    def second_edit():
        try:
            replace_version(concerned=SECOND)  # logs, never raises: the assertions below tell what it wrote
        finally:
            connection.close()

    def slipped_in(concerned, paths, now):
        if "thread" not in other:
            # The name_concerned lock is this process's: the other edit comes from "another process", which does not
            # share it; only the cache's own turn-taking may order the two.
            monkeypatch.setattr(version_module, "_concerned_lock", threading.Lock())
            other["thread"] = threading.Thread(target=second_edit)
            other["thread"].start()
            other["thread"].join(timeout=2)
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
    waited = race(monkeypatch)

    concerned = read_shared_version().concerned
    assert FIRST | SECOND <= set(concerned)
    assert set(cache.get(CONCERNED_KEY)) == FIRST | SECOND
    # The second edit waited for the first one's transaction: it could not read before the first one wrote.
    assert waited


def test_two_edits_at_once_keep_both_their_pages_on_redis(monkeypatch, shared_cache):
    waited = race(monkeypatch)

    assert set(read_shared_version().concerned) == FIRST | SECOND
    # On Redis the second edit does not wait: it writes, and the first one's write, seeing the key written since its
    # read (WATCH), reads and writes again.
    assert not waited


@pytest.mark.django_db(transaction=True)
def test_an_edit_inside_a_transaction_names_its_pages_again_after_the_commit(monkeypatch):
    """Inside the edit's transaction, no lock is taken (it would be held until the commit): the write after the commit
    takes turns. Here the second edit slips in at the first one's write after the commit."""
    from django.db import transaction

    from agency_site.pagecache.invalidation import bump_content_version

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
    assert FIRST <= set(read_shared_version().concerned)
