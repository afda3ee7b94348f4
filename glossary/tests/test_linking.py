"""Auto-links computed on publish, stored beside the page, re-linked in the background, switchable off."""

import pytest
from bs4 import BeautifulSoup
from wagtail.models import PageViewRestriction

from agency_site.autolinking.models import AutoLinkedBody
from agency_site.tests.factories import body_value
from glossary.models import GlossaryEntryPage
from services.tests.factories import ServiceIndexPageFactory, ServicePageFactory

from .conftest import publish_entry

pytestmark = pytest.mark.django_db


def glossary_links(client, url):
    response = client.get(url)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    return [(a["href"], a.get_text()) for a in soup.select("a.glossary-link")]


@pytest.fixture
def entries(glossary_index):
    lead = publish_entry(glossary_index, "Lead", "Un contact <intéressé> & qualifié.", ["prospect"])
    crm = publish_entry(
        glossary_index,
        "CRM",
        "Le logiciel de la relation client.",
        body=[
            ("h2", "Le CRM et le lead"),
            ("p", "Le CRM suit chaque lead et chaque prospect jusqu’à la fidélisation."),
        ],
    )
    return {"lead": lead, "crm": crm}


def test_publishing_stores_the_linked_body_and_the_page_renders_it(client, entries):
    stored = AutoLinkedBody.objects.get(page_id=entries["crm"].pk)
    assert 'href="/glossaire/lead/"' in stored.html
    assert glossary_links(client, "/glossaire/crm/") == [("/glossaire/lead/", "lead")]
    soup = BeautifulSoup(client.get("/glossaire/crm/").content, "html.parser")
    heading = soup.find("h2", id="le-crm-et-le-lead")
    assert heading is not None and heading.find("a") is None
    link = soup.find("a", class_="glossary-link")
    assert link["data-glossary-definition"] == "Un contact <intéressé> & qualifié."
    assert (
        'data-glossary-definition="Un contact &lt;intéressé&gt; &amp; qualifié."'
        in client.get("/glossaire/crm/").content.decode()
    )


def test_the_streamfield_is_never_rewritten(entries):
    crm = GlossaryEntryPage.objects.get(pk=entries["crm"].pk)
    assert "glossary-link" not in str(crm.body.raw_data)
    assert "glossary-link" not in str(crm.get_latest_revision().content["body"])


def test_an_entry_published_later_relinks_the_pages_that_mention_it(client, entries, glossary_index):
    assert glossary_links(client, "/glossaire/lead/") == []
    entries["lead"].body = body_value(("p", "Un lead finit dans le CRM."))
    entries["lead"].save_revision().publish()
    assert glossary_links(client, "/glossaire/lead/") == [("/glossaire/crm/", "CRM")]

    publish_entry(glossary_index, "Relation client", "Le lien entre une marque et ses clients.")
    entries["crm"].body = body_value(("p", "Le CRM gère la relation client et chaque lead."))
    entries["crm"].save_revision().publish()
    assert ("/glossaire/relation-client/", "relation client") in glossary_links(client, "/glossaire/crm/")


def test_a_new_entry_links_existing_pages_in_the_background(client, entries, glossary_index):
    assert glossary_links(client, "/glossaire/crm/") == [("/glossaire/lead/", "lead")]
    publish_entry(glossary_index, "Fidélisation", "Garder ses clients dans la durée.")
    assert glossary_links(client, "/glossaire/crm/") == [
        ("/glossaire/lead/", "lead"),
        ("/glossaire/fidelisation/", "fidélisation"),
    ]


def test_renaming_or_unpublishing_an_entry_relinks_its_mentions(client, entries):
    lead = entries["lead"]
    lead.title = "Prospect qualifié"
    lead.synonyms = "lead"
    lead.slug = "prospect-qualifie"
    lead.save_revision().publish()
    assert glossary_links(client, "/glossaire/crm/") == [("/glossaire/prospect-qualifie/", "lead")]
    lead.unpublish()
    assert glossary_links(client, "/glossaire/crm/") == []


def test_the_per_term_switch_keeps_a_term_from_being_linked(client, entries):
    lead = entries["lead"]
    lead.autolink_term = False
    lead.save_revision().publish()
    assert glossary_links(client, "/glossaire/crm/") == []


def test_the_per_page_switch_renders_the_plain_body(client, entries):
    crm = entries["crm"]
    crm.autolink_enabled = False
    crm.save_revision().publish()
    assert glossary_links(client, "/glossaire/crm/") == []
    assert not AutoLinkedBody.objects.filter(page_id=crm.pk).exists()
    assert "Le CRM suit chaque lead" in client.get("/glossaire/crm/").content.decode()


def test_the_number_of_links_per_page_follows_the_setting(client, glossary_index, settings):
    settings.GLOSSARY_AUTOLINK_MAX_LINKS = 2
    for title in ("SEO", "SEA", "Lead"):
        publish_entry(glossary_index, title, f"Définition de {title}.")
    publish_entry(glossary_index, "Marketing", "Vendre.", body=[("p", "Le SEO, le SEA et le lead.")])
    assert glossary_links(client, "/glossaire/marketing/") == [("/glossaire/seo/", "SEO"), ("/glossaire/sea/", "SEA")]


def test_service_pages_are_auto_linked_too(client, home_page, entries):
    services = ServiceIndexPageFactory(parent=home_page)
    service = ServicePageFactory(parent=services, title="Marketing digital", slug="marketing-digital")
    service.body = body_value(("p", "Nous qualifions chaque lead dans votre CRM."))
    service.save_revision().publish()
    assert glossary_links(client, "/offres/marketing-digital/") == [
        ("/glossaire/lead/", "lead"),
        ("/glossaire/crm/", "CRM"),
    ]


def test_a_draft_preview_renders_the_editors_streamfield_not_the_stored_links(rf, entries):
    crm = entries["crm"]
    request = rf.get("/glossaire/crm/")
    request.is_preview = True
    assert crm.linked_body_html(request) is None
    request.is_preview = False
    assert "glossary-link" in crm.linked_body_html(request)


def test_a_view_restriction_unlinks_the_entry_everywhere_and_lifting_it_links_it_again(client, entries):
    lead = entries["lead"]
    restriction = PageViewRestriction.objects.create(
        page=lead, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    response = client.get("/glossaire/crm/")
    assert glossary_links(client, "/glossaire/crm/") == []
    # Neither the term's link nor its definition (the popover's text) reaches a public page.
    assert "Un contact" not in response.content.decode()
    restriction.delete()
    assert glossary_links(client, "/glossaire/crm/") == [("/glossaire/lead/", "lead")]
