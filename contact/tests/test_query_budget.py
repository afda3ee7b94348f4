"""The SQL queries of the contact page without the page cache: the figure the docs state."""

import pytest

from agency_site.tests.pages import get_uncached, soup

pytestmark = pytest.mark.django_db


def test_the_uncached_contact_page_costs_three_queries(client, site_tree, django_assert_num_queries):
    page = soup(get_uncached(client, "/contact/", django_assert_num_queries, 3))
    assert page.find("h1").get_text(strip=True) == "Contact"
    assert page.find("section", id="formulaire-contact")
