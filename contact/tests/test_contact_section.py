"""The seed's order wherever the form appears: the agency's details and map first, then the form."""

import io

import pytest
from django.core.files.images import ImageFile
from PIL import Image as PILImage
from wagtail.images import get_image_model

from agency_site.models import AgencySettings
from contact.tests.conftest import soup, text_of

pytestmark = pytest.mark.django_db


def page_url(page):
    return page.get_url()


@pytest.fixture
def map_image(contact_site, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    buffer = io.BytesIO()
    PILImage.new("RGB", (1200, 600), "#f5f3ef").save(buffer, format="PNG")
    image = get_image_model().objects.create(
        title="Plan d’accès", file=ImageFile(io.BytesIO(buffer.getvalue()), name="plan.png")
    )
    agency = AgencySettings.objects.get(site=contact_site["home"].get_site())
    agency.map_image = image
    agency.map_url = "https://www.google.com/maps/search/?api=1&query=28+rue+du+Chemin+Vert+75011+Paris"
    agency.save()
    return image


def section_order(page):
    """The main content's landmarks, top to bottom, by their headings."""
    main = page.find("main")
    return [text_of(heading) for heading in main.find_all("h2") if heading.get("id") in SECTION_HEADINGS]


SECTION_HEADINGS = {"contact-block-title", "contact-form-title"}


@pytest.mark.parametrize("kind", ["entry", "service", "contact"])
def test_the_agency_block_comes_before_the_form_on_every_page_type(client, contact_site, kind):
    page = soup(client.get(page_url(contact_site[kind])))

    assert section_order(page) == [
        "Nous contacter Venez à l’agence de Paris",
        "Pas le temps ? Formulaire de contact",
    ]
    block = page.find("main").find(class_="contact-block")
    assert "28 rue du Chemin Vert" in text_of(block)
    assert block.find("a", href="mailto:contact@50a.fr")
    assert block.find("a", href="tel:+33140330065")


def test_on_an_offer_the_body_then_the_agency_then_the_form(client, contact_site):
    main = soup(client.get(page_url(contact_site["service"]))).find("main")
    article = main.find("article")
    block = main.find(class_="contact-block")
    form = main.find(id="formulaire-contact")

    assert article.sourceline < block.sourceline < form.sourceline


def test_on_an_entry_the_offers_then_the_agency_then_the_form(client, contact_site):
    entry = contact_site["entry"]
    entry.set_services([contact_site["service"]])
    entry.save_revision().publish()
    main = soup(client.get(page_url(entry))).find("main")
    offers = main.find(class_="service-teasers")
    block = main.find(class_="contact-block")
    form = main.find(id="formulaire-contact")

    assert main.find("article").sourceline < offers.sourceline < block.sourceline < form.sourceline


def test_the_footer_keeps_a_short_version_without_map_or_heading(client, contact_site, map_image):
    footer = soup(client.get(page_url(contact_site["contact"]))).find("footer")

    assert "28 rue du Chemin Vert" in text_of(footer)
    assert footer.find(id="contact-block-title") is None
    assert footer.find("img") is None


def test_the_map_is_our_own_responsive_picture_linked_to_the_map_service(client, contact_site, map_image):
    block = soup(client.get(page_url(contact_site["entry"]))).find("main").find(class_="contact-block")
    link = block.find("a", class_="contact-block__map")
    image = link.find("img")

    assert link["href"].startswith("https://www.google.com/maps/")
    assert image["alt"] == "Emplacement 50A sur google maps"
    assert image["src"].startswith("/media/images/")
    assert image["width"] and image["height"]
    assert {source["type"] for source in link.find_all("source")} == {"image/avif", "image/webp"}
    for candidate in image["srcset"].split(","):
        assert candidate.strip().startswith("/media/images/")


def test_without_a_map_image_the_link_to_the_map_keeps_its_text(client, contact_site):
    agency = AgencySettings.objects.get(site=contact_site["home"].get_site())
    agency.map_url = "https://www.google.com/maps/search/?api=1&query=50A"
    agency.save()
    block = soup(client.get(page_url(contact_site["contact"]))).find("main").find(class_="contact-block")

    assert text_of(block.find("a", class_="contact-block__map")) == "Emplacement 50A sur google maps"
    assert block.find("img") is None


def test_the_contact_page_form_title_is_set_in_french(client, contact_site):
    contact_page = contact_site["contact"]
    contact_page.form_title = "Pas le temps ?"
    contact_page.save_revision().publish()
    heading = soup(client.get(page_url(contact_page))).find(id="contact-form-title")

    assert heading.get_text().startswith("Pas le temps\u202f?")
