"""The seed entry "Agence community management" renders faithfully from the demo content."""

import pytest
from bs4 import BeautifulSoup

from agency_site.typography import french_typography
from glossary.demo import seed_entry

SEED_HEADINGS = [
    ("h2", "Que fait un community manager ?"),
    ("h2", "Quelle est la différence entre un social media manager et un community manager ?"),
    ("h2", "Compétences et attributs"),
    ("h3", "Communication"),
    ("h3", "Empathie et jugement"),
    ("h3", "Organisation et analyse des données"),
    ("h2", "Avantages de la gestion communautaire"),
    ("h3", "Croissance"),
    ("h3", "Confiance"),
    ("h3", "Valeur"),
    ("h2", "Quelles compétences doivent avoir les cm ?"),
]


@pytest.fixture
def entry_page(client, demo_site):
    response = client.get("/glossaire/agence-community-management/")
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def test_entry_has_the_seed_title_and_intro(entry_page):
    assert [h1.get_text(strip=True) for h1 in entry_page.find_all("h1")] == ["Agence community management"]
    article = entry_page.find("article")
    assert french_typography(seed_entry.INTRO) in article.get_text()


def test_every_seed_heading_renders_in_order_with_its_level(entry_page):
    article = entry_page.find("article")
    headings = [(tag.name, tag.get_text(strip=True)) for tag in article.find_all(["h2", "h3"])]
    expected = [(level, french_typography(text)) for level, text in SEED_HEADINGS]
    assert [heading for heading in headings if heading in expected] == expected
    assert all(tag.get("id") for tag in article.find_all(["h2", "h3"]))


def test_both_illustrations_carry_the_seed_alt_texts(entry_page):
    alts = [img.get("alt") for img in entry_page.find("article").find_all("img")]
    assert alts == [
        french_typography("Illustration community management"),
        french_typography("Illustration de community manager attirant les réactions d'une communauté"),
    ]


def test_the_numbered_list_is_a_real_ordered_list_of_six(entry_page):
    lists = entry_page.find("article").find_all("ol")
    assert len(lists) == 1
    items = [li.get_text() for li in lists[0].find_all("li")]
    assert items == [french_typography(text) for text in seed_entry.NUMBERED_LIST]
    assert items[0].startswith("Un gestionnaire de communauté doit être un excellent communicateur")


def test_the_closing_paragraph_follows_the_list(entry_page):
    text = entry_page.find("article").get_text()
    closing = french_typography("C'est le travail d'un community manager de connaître en profondeur l'auditoire")
    assert closing in text
    assert text.index(closing) > text.index(french_typography(seed_entry.NUMBERED_LIST[-1]))


def test_the_four_service_teasers_link_to_their_offers_in_the_seed_order(entry_page):
    teasers = entry_page.select(".service-teaser")
    assert [teaser.find("h3").get_text(strip=True) for teaser in teasers] == [
        "Communication digitale",
        "Social media",
        "Marketing digital",
        "Transformation digitale",
    ]
    assert [teaser.find("a")["href"] for teaser in teasers] == [
        "/offres/communication-digitale/",
        "/offres/social-media/",
        "/offres/marketing-digital/",
        "/offres/transformation-digitale/",
    ]
    assert "Voir notre offre" in teasers[1].find("a").get_text()
    assert (
        french_typography("Vous accompagner avec agilité pour engager vos communautés professionnelles.")
        in teasers[1].get_text()
    )


@pytest.mark.django_db
def test_the_teaser_order_is_stored_so_every_database_returns_it(demo_site):
    from glossary.models import GlossaryEntryPage

    entry = GlossaryEntryPage.objects.get(slug=seed_entry.SLUG)
    rows = entry.service_links.order_by("sort_order").values_list("sort_order", "service__slug")
    assert list(rows) == list(enumerate(seed_entry.SERVICE_SLUGS))


def test_the_contact_block_shows_the_agency_details(entry_page):
    block = entry_page.find("main").find(class_="contact-block")
    text = " ".join(block.get_text(" ").split())
    assert "Nous contacter Venez à l’agence de Paris" in text
    assert "28 rue du Chemin Vert" in text
    assert "75011 Paris" in text
    assert block.find("a", href="mailto:contact@50a.fr")
    assert block.find("a", href="tel:+33140330065").get_text(strip=True) == "01 40 33 00 65"
    map_link = block.find("a", class_="contact-block__map")
    assert "google.com/maps" in map_link["href"]
    assert map_link.find("img")["alt"] == "Emplacement 50A sur google maps"


def test_the_short_definition_is_not_a_second_opening_above_the_intro(entry_page):
    header = entry_page.find("header", class_="entry__header")
    assert "élabore des stratégies de création de communautés" not in header.get_text()
    assert (
        "élabore des stratégies de création de communautés"
        in entry_page.find("meta", attrs={"name": "description"})["content"]
    )


def test_the_contact_form_has_the_seed_fields(entry_page):
    form = entry_page.find("section", id="formulaire-contact")
    assert "Pas le temps ?" in " ".join(form.find("h2").get_text().split()).replace("\u202f", " ")
    # The honeypot is hidden from people and assistive technology: only the visible fields count.
    visible = [label for label in form.find_all("label") if not label.find_parent(attrs={"aria-hidden": "true"})]
    labels = [" ".join(label.get_text().split()).rstrip("*").strip() for label in visible]
    assert labels == ["Nom et prénom", "Société", "E-mail", "Mobile", "Message"]
