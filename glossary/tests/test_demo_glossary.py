"""The demo glossary: about thirty real entries, linked to each other and to the offers, loaded idempotently."""

import pytest
from bs4 import BeautifulSoup

from agency_site.demo import loader
from glossary import demo
from glossary.models import AutoLinkedBody, GlossaryCategory, GlossaryEntryPage

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
