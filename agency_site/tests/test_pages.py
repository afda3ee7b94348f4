"""What a visitor reads on the home page, the offers, the plain pages, and the menus editors control."""

import pytest
from bs4 import BeautifulSoup
from wagtail.models import Site

from agency_site.models import AgencySettings, NavigationSettings
from agency_site.typography import french_typography
from glossary.models import GlossaryEntryPage
from services.models import ServicePage


def soup(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def text_of(node):
    return " ".join(node.get_text(" ").split())


@pytest.mark.django_db
def test_home_page_shows_the_promise_offers_and_glossary(client, demo_site):
    page = soup(client.get("/"))
    assert page.find("h1").get_text(strip=True) == french_typography(
        "Votre agence digitale à Paris, qui co-construit avec vous"
    )
    assert page.find("html")["lang"] == "fr"
    assert page.find("a", href="/offres/") and page.find("a", href="/glossaire/")
    teaser_titles = [h3.get_text(strip=True) for h3 in page.select(".service-teaser h3")]
    assert teaser_titles == ["Communication digitale", "Social media", "Marketing digital", "Transformation digitale"]
    assert page.find("a", href="/glossaire/agence-community-management/")


@pytest.mark.django_db
def test_home_page_lists_each_offer_teaser_and_the_latest_entries_with_their_definition(client, demo_site):
    page = soup(client.get("/"))
    teasers = [text_of(teaser.find("p")) for teaser in page.select(".service-teaser")]
    assert len(teasers) == 4
    for service in ServicePage.objects.live():
        assert f"{service.teaser_headline} {service.teaser_text}" in teasers
    listed = page.select(".home-glossary .entry-list li")
    assert 0 < len(listed) <= 6
    latest = GlossaryEntryPage.objects.live().order_by("-first_published_at").first()
    assert text_of(listed[0]) == " ".join(f"{latest.title} {latest.short_definition}".split())
    assert listed[0].find("a")["href"] == latest.url
    assert page.select_one(".home-glossary a.link-arrow")["href"] == "/glossaire/"


@pytest.mark.django_db
def test_glossary_index_lists_the_entry_with_its_definition(client, demo_site):
    page = soup(client.get("/glossaire/"))
    link = page.find("a", href="/glossaire/agence-community-management/")
    assert link.get_text(strip=True) == "Agence community management"
    assert "élabore des stratégies de création de communautés" in text_of(page.find("main"))


@pytest.mark.django_db
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
def test_each_service_page_shows_its_seed_teaser_body_and_form(client, demo_site, slug, title, headline, text):
    page = soup(client.get(f"/offres/{slug}/"))
    assert page.find("h1").get_text(strip=True) == title
    main = text_of(page.find("main"))
    assert headline in main and text in main
    assert "Ce que nous faisons avec vous" in main
    labels = [text_of(label) for label in page.find("section", id="formulaire-contact").find_all("label")]
    assert any(label.startswith("Message") for label in labels)


@pytest.mark.django_db
def test_service_index_links_every_offer(client, demo_site):
    page = soup(client.get("/offres/"))
    hrefs = [a["href"] for a in page.select(".service-teaser a")]
    assert hrefs == [
        "/offres/communication-digitale/",
        "/offres/social-media/",
        "/offres/marketing-digital/",
        "/offres/transformation-digitale/",
    ]


@pytest.mark.django_db
def test_contact_page_shows_details_and_form(client, demo_site):
    page = soup(client.get("/contact/"))
    assert page.find("h1").get_text(strip=True) == "Contact"
    assert "28 rue du Chemin Vert" in text_of(page)
    assert page.find("section", id="formulaire-contact")


@pytest.mark.django_db
def test_legal_pages_are_reachable_from_the_footer(client, demo_site):
    footer = soup(client.get("/")).find("footer")
    assert footer.find("a", href="/mentions-legales/").get_text(strip=True) == "Mentions légales"
    privacy = soup(client.get(footer.find("a", href="/confidentialite/")["href"]))
    assert "CNIL" in text_of(privacy.find("main"))


@pytest.mark.django_db
def test_the_main_menu_is_what_editors_set(client, demo_site):
    site = Site.objects.get(is_default_site=True)
    navigation = NavigationSettings.for_site(site)
    social = ServicePage.objects.get(slug="social-media")
    navigation.main_menu = [
        ("link", {"label": "Réseaux sociaux", "page": social, "url": ""}),
        ("link", {"label": "Blog", "page": None, "url": "https://blog.example.org/"}),
    ]
    navigation.save()
    nav = soup(client.get("/")).find("nav", attrs={"aria-label": "Menu principal"})
    assert [(a.get_text(strip=True), a["href"]) for a in nav.find_all("a")] == [
        ("Réseaux sociaux", "/offres/social-media/"),
        ("Blog", "https://blog.example.org/"),
    ]


@pytest.mark.django_db
def test_unpublished_pages_drop_out_of_the_menu(client, demo_site):
    from wagtail.models import Page

    Page.objects.get(slug="contact").specific.unpublish()
    nav = soup(client.get("/")).find("nav", attrs={"aria-label": "Menu principal"})
    assert [a.get_text(strip=True) for a in nav.find_all("a")] == ["Nos offres", "Glossaire"]


@pytest.mark.django_db
def test_the_contact_block_reads_the_agency_settings(client, demo_site):
    agency = AgencySettings.for_site(Site.objects.get(is_default_site=True))
    agency.street_address = "10 rue de <Rivoli>"
    agency.save()
    footer = soup(client.get("/offres/")).find("footer")
    assert "10 rue de <Rivoli>" in text_of(footer)
    assert b"10 rue de &lt;Rivoli&gt;" in client.get("/offres/").content
