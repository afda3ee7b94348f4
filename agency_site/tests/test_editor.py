"""An editor of the agency works in a French admin."""

import pytest
from bs4 import BeautifulSoup

pytestmark = pytest.mark.django_db


def test_the_admin_speaks_french(editor_client):
    response = editor_client.get("/admin/")
    page = BeautifulSoup(response.content, "html.parser")
    assert page.find("html")["lang"].startswith("fr")
    assert "Tableau de bord" in page.get_text() or "Pages" in page.get_text()
