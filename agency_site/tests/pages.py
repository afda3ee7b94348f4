"""Reading a rendered page as a visitor does, and what it costs in SQL queries."""

import time
from contextlib import contextmanager
from unittest import mock

from bs4 import BeautifulSoup
from django.test import override_settings


def soup(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def text_of(node):
    return " ".join(node.get_text(" ").split())


@contextmanager
def rendering_uncached():
    """Page views as a page cache miss pays them, whatever the time they take.

    The page cache is off (with it on, the second view is a hit and costs nothing); the other caches stay as
    they ship, so in the embedded default (no Redis) Wagtail's site root paths are one read of the shared
    database cache. The clock of the content version stands still: its read, once a second per process, is a
    cost per second, not per render, and a slow machine must not add it to the count.
    """
    now = time.monotonic()
    with (
        override_settings(PAGE_CACHE_ENABLED=False),
        mock.patch("agency_site.pagecache.version.time.monotonic") as clock,
    ):
        clock.return_value = now
        yield


def get_uncached(client, url, django_assert_num_queries, queries):
    """The page once the per-process caches are warm (site, routes, menus), as on a running site, in `queries`."""
    with rendering_uncached():
        client.get(url)
        with django_assert_num_queries(queries):
            response = client.get(url)
    return response
