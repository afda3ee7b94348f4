"""What a visitor reads on the contact page."""

import pytest

from agency_site.tests.pages import soup, text_of

pytestmark = pytest.mark.django_db


def test_contact_page_shows_details_and_form(client, site_tree):
    page = soup(client.get("/contact/"))
    assert page.find("h1").get_text(strip=True) == "Contact"
    assert "28 rue du Chemin Vert" in text_of(page)
    assert page.find("section", id="formulaire-contact")
