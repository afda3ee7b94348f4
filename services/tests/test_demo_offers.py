"""The demo's four offers carry the seed's titles and teasers."""

import pytest
from bs4 import BeautifulSoup

pytestmark = pytest.mark.django_db


def text_of(node):
    return " ".join(node.get_text(" ").split())


@pytest.mark.parametrize(
    ("slug", "title", "headline", "text"),
    [
        (
            "communication-digitale",
            "Communication digitale",
            "Co-construire votre communication digitale.",
            "Vous accompagner avec agilité pour promouvoir vos offres et services digitaux.",
        ),
        (
            "social-media",
            "Social media",
            "Co-construire votre stratégie social media.",
            "Vous accompagner avec agilité pour engager vos communautés professionnelles.",
        ),
        (
            "marketing-digital",
            "Marketing digital",
            "Co-construire votre stratégie de marketing digital.",
            "Vous accompagner avec agilité pour générer des leads.",
        ),
        (
            "transformation-digitale",
            "Transformation digitale",
            "Co-construire votre transformation digitale.",
            "Vous accompagner pour faire monter en compétences vos équipes.",
        ),
    ],
)
def test_each_demo_offer_shows_its_seed_teaser_body_and_form(client, demo_site, slug, title, headline, text):
    response = client.get(f"/offres/{slug}/")
    assert response.status_code == 200
    page = BeautifulSoup(response.content, "html.parser")
    assert page.find("h1").get_text(strip=True) == title
    main = text_of(page.find("main"))
    assert headline in main and text in main
    assert "Ce que nous faisons avec vous" in main
    labels = [text_of(label) for label in page.find("section", id="formulaire-contact").find_all("label")]
    assert any(label.startswith("Message") for label in labels)
