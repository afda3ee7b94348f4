"""What a visitor reads on the home page and the plain pages, and the menus and details editors control."""

import pytest

from agency_site.models import AgencySettings, NavigationSettings
from agency_site.tests.pages import soup, text_of

pytestmark = pytest.mark.django_db


def test_home_page_shows_the_promise_offers_and_glossary(client, site_tree):
    page = soup(client.get("/"))
    assert page.find("h1").get_text(strip=True) == "Votre agence digitale à Paris, qui co-construit avec vous"
    assert page.find("html")["lang"] == "fr"
    assert page.find("a", href="/offres/") and page.find("a", href="/glossaire/")
    teaser_titles = [h3.get_text(strip=True) for h3 in page.select(".service-teaser h3")]
    assert teaser_titles == ["Communication digitale", "Social media", "Marketing digital", "Transformation digitale"]
    assert page.find("a", href="/glossaire/agence-community-management/")


def test_home_page_lists_each_offer_teaser_and_the_latest_entries_with_their_definition(client, site_tree):
    page = soup(client.get("/"))
    teasers = [text_of(teaser.find("p")) for teaser in page.select(".service-teaser")]
    assert len(teasers) == 4
    for offer in site_tree.offers.values():
        assert f"{offer.teaser_headline} {offer.teaser_text}" in teasers
    listed = page.select(".home-glossary .entry-list li")
    assert len(listed) == 1
    entry = site_tree.entry
    assert text_of(listed[0]) == " ".join(f"{entry.title} {entry.short_definition}".split())
    assert listed[0].find("a")["href"] == entry.url
    assert page.select_one(".home-glossary a.link-arrow")["href"] == "/glossaire/"


def test_legal_pages_are_reachable_from_the_footer(client, site_tree):
    footer = soup(client.get("/")).find("footer")
    assert footer.find("a", href="/mentions-legales/").get_text(strip=True) == "Mentions légales"
    privacy = soup(client.get(footer.find("a", href="/confidentialite/")["href"]))
    assert "CNIL" in text_of(privacy.find("main"))


def test_the_main_menu_is_what_editors_set(client, site_tree):
    navigation = NavigationSettings.for_site(site_tree.home.get_site())
    navigation.main_menu = [
        ("link", {"label": "Réseaux sociaux", "page": site_tree.offers["social-media"], "url": ""}),
        ("link", {"label": "Blog", "page": None, "url": "https://blog.example.org/"}),
    ]
    navigation.save()
    nav = soup(client.get("/")).find("nav", attrs={"aria-label": "Menu principal"})
    assert [(a.get_text(strip=True), a["href"]) for a in nav.find_all("a")] == [
        ("Réseaux sociaux", "/offres/social-media/"),
        ("Blog", "https://blog.example.org/"),
    ]


def test_unpublished_pages_drop_out_of_the_menu(client, site_tree):
    site_tree.contact_page.unpublish()
    nav = soup(client.get("/")).find("nav", attrs={"aria-label": "Menu principal"})
    assert [a.get_text(strip=True) for a in nav.find_all("a")] == ["Nos offres", "Glossaire"]


def test_the_contact_block_reads_the_agency_settings(client, site_tree):
    agency = AgencySettings.for_site(site_tree.home.get_site())
    agency.street_address = "10 rue de <Rivoli>"
    agency.save()
    footer = soup(client.get("/offres/")).find("footer")
    assert "10 rue de <Rivoli>" in text_of(footer)
    assert b"10 rue de &lt;Rivoli&gt;" in client.get("/offres/").content
