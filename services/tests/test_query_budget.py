"""The SQL queries of the offers' pages without the page cache: the figures the docs state."""

import pytest
from bs4 import BeautifulSoup

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("url", "queries", "heading"), [("/offres/", 5, "Nos offres"), ("/offres/social-media/", 4, "Social media")]
)
def test_uncached_offer_pages_cost_the_queries_the_docs_state(
    client, site_tree, url, queries, heading, django_assert_num_queries
):
    # The first view warms what is kept across pages (site, routes, menus), as on a running site.
    client.get(url)
    with django_assert_num_queries(queries):
        response = client.get(url)
    assert BeautifulSoup(response.content, "html.parser").find("h1").get_text(strip=True) == heading
