"""Reading a rendered page as a visitor does, and what it costs in SQL queries."""

from bs4 import BeautifulSoup
from django.test import override_settings


def soup(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def text_of(node):
    return " ".join(node.get_text(" ").split())


def get_uncached(client, url, django_assert_num_queries, queries):
    """The page once the per-process caches are warm (site, routes, menus), as on a running site, in `queries`."""
    # The figure is the cost of a render, what a page cache miss pays: with the page cache on, the second view
    # would be a hit and cost nothing. Only the page cache is off; the other caches stay as they ship, so in the
    # embedded default (no Redis) Wagtail's site root paths are one read of the shared database cache.
    with override_settings(PAGE_CACHE_ENABLED=False):
        client.get(url)
        with django_assert_num_queries(queries):
            response = client.get(url)
    return response
