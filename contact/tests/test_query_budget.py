"""The SQL queries of the contact page without the page cache: the figure the docs state."""

import pytest
from bs4 import BeautifulSoup

pytestmark = pytest.mark.django_db


def test_the_uncached_contact_page_costs_three_queries(client, site_tree, django_assert_num_queries):
    # The first view warms what is kept across pages (site, routes, menus), as on a running site.
    client.get("/contact/")
    with django_assert_num_queries(3):
        response = client.get("/contact/")
    page = BeautifulSoup(response.content, "html.parser")
    assert page.find("h1").get_text(strip=True) == "Contact"
    assert page.find("section", id="formulaire-contact")
