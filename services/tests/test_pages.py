"""What a visitor reads on the offers index and on each offer."""

import pytest

from agency_site.tests.factories import body_params
from agency_site.tests.pages import soup, text_of
from services.tests.factories import ServicePageFactory

pytestmark = pytest.mark.django_db


def test_a_service_page_shows_its_teaser_body_and_form(client, site_tree):
    ServicePageFactory(
        parent=site_tree.service_index,
        title="Social ads",
        teaser_headline="Co-construire vos campagnes payantes.",
        teaser_text="Vous accompagner avec agilité pour toucher vos clients.",
        **body_params(("h2", "Ce que nous faisons avec vous"), ("p", "Des campagnes mesurées chaque semaine.")),
    )
    page = soup(client.get("/offres/social-ads/"))
    assert page.find("h1").get_text(strip=True) == "Social ads"
    main = text_of(page.find("main"))
    assert "Co-construire vos campagnes payantes." in main
    assert "Vous accompagner avec agilité pour toucher vos clients." in main
    assert "Ce que nous faisons avec vous" in main and "Des campagnes mesurées chaque semaine." in main
    labels = [text_of(label) for label in page.find("section", id="formulaire-contact").find_all("label")]
    assert any(label.startswith("Message") for label in labels)


def test_service_index_links_every_offer(client, site_tree):
    page = soup(client.get("/offres/"))
    hrefs = [a["href"] for a in page.select(".service-teaser a")]
    assert hrefs == [
        "/offres/communication-digitale/",
        "/offres/social-media/",
        "/offres/marketing-digital/",
        "/offres/transformation-digitale/",
    ]
