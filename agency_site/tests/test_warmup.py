"""A new gunicorn worker renders one page of each type before it accepts a connection, and changes nothing."""

import gc
import logging
import runpy
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.template import engines
from wagtail.models import Site

from agency_site.warmup import warm_up

ENTRY_URL = "/glossaire/agence-community-management/"
DEMO_PAGES = [
    "/",
    "/mentions-legales/",
    "/offres/",
    "/offres/communication-digitale/",
    "/glossaire/",
    ENTRY_URL,
    "/contact/",
]
pytestmark = pytest.mark.django_db


@pytest.fixture
def test_transaction_kept():
    """What Django's test client does around a request: the handler's close of old connections would end the test's
    transaction (the warm-up goes through the whole WSGI handler, not the client)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def worker_application():
    """The application a gunicorn worker serves (agency_site.wsgi), built anew as in a new process."""
    from django.core.wsgi import get_wsgi_application

    from agency_site.pagecache.wsgi import PageCacheApplication

    return PageCacheApplication(get_wsgi_application())


def compiled_templates():
    """The names of the templates this process holds compiled (Django's cached loader)."""
    (loader,) = engines["django"].engine.template_loaders
    return {template.origin.template_name for template in loader.get_template_cache.values() if template}


def test_each_page_type_is_rendered_before_the_first_visitor_and_nothing_is_stored(
    client, demo_site, test_transaction_kept
):
    (loader,) = engines["django"].engine.template_loaders
    loader.reset()

    answers = warm_up(worker_application())

    assert answers == [(path, 200) for path in DEMO_PAGES]
    # The templates of the pages are compiled in this process: its first visitor does not wait for them.
    assert {
        "agency_site/home_page.html",
        "glossary/glossary_index_page.html",
        "glossary/glossary_entry_page.html",
        "services/service_page.html",
        "contact/contact_page.html",
        "base.html",
    } <= compiled_templates()
    # Nothing a visitor gets changed: no page stored in the cache (asked as the warm-up asked, on the site's host over
    # HTTPS, the entry is rendered, then held), no session written.
    host = Site.objects.get(is_default_site=True).hostname
    assert [client.get(ENTRY_URL, HTTP_HOST=host, secure=True)["X-Page-Cache"] for _ in range(2)] == ["miss", "hit"]
    assert not Session.objects.exists()


def test_the_worker_starts_when_the_pages_cannot_be_rendered(demo_site, caplog):
    def broken(environ, start_response):
        raise ConnectionError("database unreachable")

    with caplog.at_level(logging.WARNING, logger="agency_site.warmup"):
        assert warm_up(broken) == []
    assert "the worker starts cold" in caplog.text


def test_gunicorn_warms_each_new_worker_with_the_application_it_serves(demo_site):
    asked = []

    def application(environ, start_response):
        asked.append((environ["HTTP_HOST"], environ["PATH_INFO"], environ["HTTP_COOKIE"]))
        start_response("200 OK", [("Content-Type", "text/html")])
        return [b""]

    hooks = runpy.run_path(str(settings.BASE_DIR / "gunicorn.conf.py"))
    frozen_before = gc.get_freeze_count()
    try:
        hooks["post_worker_init"](SimpleNamespace(wsgi=application))
        # What the warm-up left is frozen, out of the worker's collections.
        assert gc.get_freeze_count() > frozen_before
    finally:
        gc.unfreeze()

    # Asked as a visitor on the site's host, with a session cookie that matches no session (never from the cache).
    host = Site.objects.get(is_default_site=True).hostname
    assert asked == [(host, path, f"{settings.SESSION_COOKIE_NAME}=warm-up") for path in DEMO_PAGES]
