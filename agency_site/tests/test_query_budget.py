"""The SQL queries of the home page without the page cache: the figure the docs state."""

import pytest

from agency_site.tests.pages import get_uncached, soup

pytestmark = pytest.mark.django_db


def test_the_uncached_home_page_costs_nine_queries(client, site_tree, django_assert_num_queries):
    page = soup(get_uncached(client, "/", django_assert_num_queries, 9))
    assert [h3.get_text(strip=True) for h3 in page.select(".service-teaser h3")] == [
        "Communication digitale",
        "Social media",
        "Marketing digital",
        "Transformation digitale",
    ]
