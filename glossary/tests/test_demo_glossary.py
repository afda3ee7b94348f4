"""The demo glossary: about thirty real entries, linked to each other and to the offers, loaded idempotently."""

import pytest
from bs4 import BeautifulSoup

from agency_site.autolinking.models import AutoLinkedBody
from agency_site.demo import loader
from glossary import demo
from glossary.models import GlossaryCategory, GlossaryEntryPage

pytestmark = pytest.mark.django_db


def test_demo_glossary_is_complete_linked_and_idempotent(client, demo_site):
    entries = GlossaryEntryPage.objects.live()
    assert entries.count() == len(list(demo.ENTRIES_FOLDER.glob("*.md"))) + 1 >= 31
    assert GlossaryCategory.objects.count() == len(demo.CATEGORIES)
    ecoute = entries.get(slug="ecoute-sociale")
    assert ecoute.letter == "E" and ecoute.category.name == "Réseaux sociaux"
    assert entries.get(slug="4p-du-marketing").letter == "0-9"
    assert all(entry.short_definition for entry in entries)
    assert all(entry.service_links.exists() for entry in entries)

    index = BeautifulSoup(client.get("/glossaire/").content, "html.parser")
    e_group = index.find("h2", id="lettre-e").find_next("ul")
    assert [a.get_text() for a in e_group.find_all("a")] == ["Écoute sociale", "E-réputation"]

    seed = BeautifulSoup(client.get("/glossaire/agence-community-management/").content, "html.parser")
    hrefs = [a["href"] for a in seed.select("article a.glossary-link")]
    assert "/glossaire/community-manager/" in hrefs
    assert len(hrefs) == len(set(hrefs)) <= 10
    assert AutoLinkedBody.objects.filter(page__slug="social-media").exists()

    edited = entries.get(slug="seo")
    edited.short_definition = "Définition réécrite par l’éditrice."
    edited.save_revision().publish()
    count = GlossaryEntryPage.objects.count()
    loader.load_demo_content(log=lambda message: None)
    assert GlossaryEntryPage.objects.count() == count
    assert GlossaryEntryPage.objects.get(slug="seo").short_definition == "Définition réécrite par l’éditrice."


def page_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return BeautifulSoup(response.content, "html.parser")


def related_titles(page):
    return [link.get_text() for link in page.select(".entry__related li > a")]


def test_the_seed_entry_is_part_of_the_glossary(client, demo_site):
    seed = page_of(client, "/glossaire/agence-community-management/")
    assert seed.select_one(".entry__category").get_text() == "Réseaux sociaux"
    assert [name.get_text() for name in seed.select(".entry__synonym")] == [
        "agence de CM",
        "agence social media",
        "agence de gestion de communauté",
    ]
    assert related_titles(seed) == [
        "Community manager",
        "Social media manager",
        "Community management",
        "E-réputation",
        "Écoute sociale",
    ]
    for slug in ("community-manager", "social-media-manager", "community-management", "e-reputation", "ecoute-sociale"):
        assert "Agence community management" in related_titles(page_of(client, f"/glossaire/{slug}/")), slug
    results = page_of(client, "/glossaire/recherche/?q=agence+social+media").select(".glossary-results a")
    assert [link.get_text() for link in results][0] == "Agence community management"


def test_the_community_and_social_media_manager_entries_agree_with_the_seed(client, demo_site):
    community_page = page_of(client, "/glossaire/community-manager/")
    # The short definition reads in listings, previews and the meta description, not above the body.
    assert "il en fixe les règles" in community_page.find("meta", attrs={"name": "description"})["content"]
    community = community_page.select_one("article").get_text(" ")
    assert "rédige la charte de la communauté" in community
    social_page = page_of(client, "/glossaire/social-media-manager/")
    assert "il tient le calendrier de contenu" in social_page.find("meta", attrs={"name": "description"})["content"]
    social = social_page.select_one("article").get_text(" ")
    assert "analyses sociales" in social
    names = page_of(client, "/glossaire/community-manager/").select(".entry__synonym")
    assert "community managers" not in [name.get_text() for name in names]
    results = page_of(client, "/glossaire/recherche/?q=community+managers").select(".glossary-results a")
    assert [link.get_text() for link in results][0] == "Community manager"


def test_the_newsletter_entry_cites_the_electronic_communications_code_and_its_b2b_exception(client, demo_site):
    text = page_of(client, "/glossaire/newsletter/").select_one("article").get_text(" ")
    assert "article L34-5 du Code des postes et des communications électroniques" in text
    assert "adresse professionnelle" in text and "CNIL" in text
    assert "obligation du RGPD" not in text


PROMISES = ["jour ouvré", "bilan mensuel", "rapport mensuel", "testé auprès de vos clients", "nous vous répondons"]


def test_no_demo_glossary_page_makes_a_promise_the_seed_does_not(client, demo_site):
    for entry in GlossaryEntryPage.objects.live():
        text = page_of(client, entry.url).select_one("article").get_text(" ")
        assert not [promise for promise in PROMISES if promise in text], entry.slug
