"""The SQL queries of the offers' pages without the page cache: the figures the docs state."""

import pytest

from agency_site.tests.pages import get_uncached, soup

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("url", "queries", "heading"), [("/offres/", 5, "Nos offres"), ("/offres/social-media/", 4, "Social media")]
)
def test_uncached_offer_pages_cost_the_queries_the_docs_state(
    client, site_tree, url, queries, heading, django_assert_num_queries
):
    page = soup(get_uncached(client, url, django_assert_num_queries, queries))
    assert page.find("h1").get_text(strip=True) == heading
