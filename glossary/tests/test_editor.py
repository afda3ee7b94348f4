"""An editor of the agency publishes glossary entries in the Wagtail admin, within the page-type rules."""

import pytest
from bs4 import BeautifulSoup
from wagtail.models import Page
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from agency_site.models import HomePage, StandardPage
from glossary.models import GlossaryEntryPage, GlossaryIndexPage
from services.models import ServiceIndexPage, ServicePage

pytestmark = pytest.mark.django_db


def entry_form(title, slug, action=None):
    data = nested_form_data(
        {
            "title": title,
            "slug": slug,
            "short_definition": f"{title} : définition de test.",
            "body": streamfield(
                [
                    ("heading", {"text": "Définition", "level": "h2", "anchor": ""}),
                    ("paragraph", rich_text("<p>Un terme publié par une éditrice.</p>")),
                ]
            ),
            "synonyms": f"{title.lower()}s",
            "autolink_term": "on",
            "related_entry_links": inline_formset([]),
            "service_links": inline_formset([]),
        }
    )
    if action:
        data[action] = "1"
    return data


def test_an_editor_creates_and_publishes_an_entry_that_goes_live(editor_client, client, site_tree):
    index = site_tree.glossary_index
    response = editor_client.post(
        f"/admin/pages/add/glossary/glossaryentrypage/{index.pk}/",
        entry_form("Taux de rebond", "taux-de-rebond", action="action-publish"),
    )
    assert response.status_code == 302, BeautifulSoup(response.content, "html.parser").select(".error-message")
    entry = GlossaryEntryPage.objects.get(slug="taux-de-rebond")
    assert entry.live and entry.get_parent().pk == index.pk

    editor_client.logout()
    page = BeautifulSoup(client.get("/glossaire/taux-de-rebond/").content, "html.parser")
    assert page.find("h1").get_text(strip=True) == "Taux de rebond"
    assert "Un terme publié par une éditrice." in page.get_text()
    assert BeautifulSoup(client.get("/glossaire/").content, "html.parser").find("a", href="/glossaire/taux-de-rebond/")


def test_a_draft_is_not_visible_to_visitors(editor_client, client, site_tree):
    index = site_tree.glossary_index
    response = editor_client.post(
        f"/admin/pages/add/glossary/glossaryentrypage/{index.pk}/", entry_form("Brouillon secret", "brouillon-secret")
    )
    assert response.status_code == 302
    assert not GlossaryEntryPage.objects.get(slug="brouillon-secret").live

    editor_client.logout()
    assert client.get("/glossaire/brouillon-secret/").status_code == 404
    assert b"Brouillon secret" not in client.get("/glossaire/").content


def test_the_admin_only_offers_allowed_page_types_under_the_glossary(editor_client, site_tree):
    index = site_tree.glossary_index
    response = editor_client.get(f"/admin/pages/{index.pk}/add_subpage/", follow=True)
    assert response.redirect_chain[-1][0].endswith(f"/admin/pages/add/glossary/glossaryentrypage/{index.pk}/")


def test_page_type_rules_keep_the_tree_sound(editor_client, site_tree):
    home, index = site_tree.home, site_tree.glossary_index
    assert not GlossaryEntryPage.can_create_at(home)
    assert GlossaryEntryPage.can_create_at(index)
    assert not ServicePage.can_create_at(home)
    assert not ServicePage.can_create_at(index)
    # One of each index, one contact page, one home page (the contact page type comes from the tree: glossary
    # does not import the contact app).
    for model in (HomePage, GlossaryIndexPage, ServiceIndexPage, type(site_tree.contact_page)):
        assert not model.can_create_at(home)
    assert StandardPage.can_create_at(home)
    assert GlossaryEntryPage.allowed_subpage_models() == []

    response = editor_client.post(
        f"/admin/pages/add/glossary/glossaryentrypage/{home.pk}/",
        entry_form("Hors index", "hors-index", "action-publish"),
    )
    assert response.status_code in (302, 403)
    assert not Page.objects.filter(slug="hors-index").exists()
