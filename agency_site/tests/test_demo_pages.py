"""The demo as the agency's owner reads it: no promise the seed does not make, lawful pages, placeholders named."""

import pytest
from bs4 import BeautifulSoup
from wagtail.images import get_image_model
from wagtail.models import Page

from agency_site.demo.pictures import PLACEHOLDER_COLLECTION

pytestmark = pytest.mark.django_db

# Commitments the team's demo copy once made and the seed never does.
PROMISES_THE_SEED_DOES_NOT_MAKE = [
    "jour ouvré",
    "testé auprès de vos clients",
    "rapports de performance mensuels",
    "point mensuel",
    "chaque mois",
    "jusqu’aux résultats",
    "objectifs chiffrés",
    "résultat concret",
    "jusqu’à l’autonomie",
]

# What both the privacy page and the notice under the form must say.
PRIVACY_STATEMENTS = [
    "uniquement pour répondre à votre demande",
    "mesures précontractuelles prises à votre demande",
    "intérêt légitime",
    "l’équipe de l’agence et ses prestataires techniques",
    "trois ans à compter de votre demande",
    "accéder",
    "rectifier ou effacer",
    "vous opposer à leur traitement",
    "limitation",
    "CNIL",
]


def page_text(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    main = BeautifulSoup(response.content, "html.parser").find("main")
    return " ".join(main.get_text(" ").split())


def test_no_demo_page_makes_a_promise_the_seed_does_not(client, demo_site):
    urls = [page.url for page in Page.objects.live().filter(depth__gte=2).specific()] + ["/contact/merci/"]
    assert len(urls) > 30
    for url in urls:
        text = page_text(client, url).casefold()
        for promise in PROMISES_THE_SEED_DOES_NOT_MAKE:
            assert promise not in text, f"{url}: « {promise} »"


def test_the_privacy_page_and_the_form_notice_say_the_same(client, demo_site):
    privacy = page_text(client, "/confidentialite/")
    notice = " ".join(
        BeautifulSoup(client.get("/contact/").content, "html.parser")
        .find(class_="contact-form__notice")
        .get_text(" ")
        .split()
    )
    for statement in PRIVACY_STATEMENTS:
        assert statement in privacy, statement
        assert statement in notice, statement
    for offer in ("offres", "prospection", "newsletter"):
        assert offer not in privacy and offer not in notice


def test_the_demo_legal_notice_reads_to_be_completed(client, demo_site):
    legal = BeautifulSoup(client.get("/mentions-legales/").content, "html.parser")

    assert [mark.get_text() for mark in legal.select(".legal-notice mark")] == ["à compléter"] * 10


def test_the_demo_map_is_a_placeholder_shown_with_the_seeds_alt_text(client, demo_site):
    block = BeautifulSoup(client.get("/contact/").content, "html.parser").find("main").find(class_="contact-block")
    image = block.find("a", class_="contact-block__map").find("img")

    assert image["alt"] == "Emplacement 50A sur google maps"
    placeholders = get_image_model().objects.filter(collection__name=PLACEHOLDER_COLLECTION)
    assert sorted(placeholders.values_list("title", flat=True)) == [
        "Illustration community management",
        "Illustration de community manager attirant les réactions d’une communauté",
        "Plan d’accès provisoire",
    ]
