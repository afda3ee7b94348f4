"""The SQL queries of the home page without the page cache: the figure the docs state."""

import pytest
from bs4 import BeautifulSoup

pytestmark = pytest.mark.django_db


def test_the_uncached_home_page_costs_eight_queries(client, site_tree, django_assert_num_queries):
    # The first view warms what is kept across pages (site, routes, menus), as on a running site.
    client.get("/")
    with django_assert_num_queries(8):
        response = client.get("/")
    page = BeautifulSoup(response.content, "html.parser")
    assert [h3.get_text(strip=True) for h3 in page.select(".service-teaser h3")] == [
        "Communication digitale",
        "Social media",
        "Marketing digital",
        "Transformation digitale",
    ]
