"""What a visitor reads on the contact page."""

import pytest
from bs4 import BeautifulSoup

pytestmark = pytest.mark.django_db


def test_contact_page_shows_details_and_form(client, site_tree):
    response = client.get("/contact/")
    assert response.status_code == 200
    page = BeautifulSoup(response.content, "html.parser")
    assert page.find("h1").get_text(strip=True) == "Contact"
    assert "28 rue du Chemin Vert" in " ".join(page.get_text(" ").split())
    assert page.find("section", id="formulaire-contact")
