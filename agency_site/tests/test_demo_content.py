"""`load_demo_content` builds the site once and never duplicates or overwrites it."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from wagtail.images import get_image_model
from wagtail.models import Page, Site

from agency_site.demo import loader
from agency_site.models import AgencySettings, HomePage, NavigationSettings
from services.models import ServicePage


@pytest.fixture
def credentials_file(tmp_path, monkeypatch):
    path = tmp_path / "editor-password"
    monkeypatch.setattr(loader, "CREDENTIALS_FILE", path)
    return path


def counts():
    return (Page.objects.count(), get_image_model().objects.count(), get_user_model().objects.count())


@pytest.mark.django_db
def test_running_the_command_twice_creates_nothing_twice(credentials_file, settings):
    settings.DEBUG = True
    first = StringIO()
    call_command("load_demo_content", stdout=first)
    after_first = counts()
    second = StringIO()
    call_command("load_demo_content", stdout=second)

    assert counts() == after_first
    assert "rien à créer" in second.getvalue()
    password = credentials_file.read_text().strip()
    assert f"mot de passe : {password}" in first.getvalue()
    assert f"mot de passe : {password}" in second.getvalue()
    assert "identifiant : editeur" in second.getvalue()


@pytest.mark.django_db
def test_the_command_does_not_print_the_login_without_debug(credentials_file, settings):
    settings.DEBUG = False
    out = StringIO()
    call_command("load_demo_content", stdout=out)
    assert "mot de passe" not in out.getvalue()
    editor = get_user_model().objects.get(username="editeur")
    assert editor.groups.filter(name="Éditeurs").exists()
    # Editors handle leads (mark them « traité », release spam) and publish pages, without being superusers.
    assert not editor.is_superuser
    assert editor.has_perms(
        ["wagtailadmin.access_admin", "contact.view_contactsubmission", "contact.change_contactsubmission"]
    )


@pytest.mark.django_db
def test_an_editors_later_edits_survive_a_second_run(credentials_file):
    call_command("load_demo_content", stdout=StringIO())
    service = ServicePage.objects.get(slug="social-media")
    service.teaser_text = "Texte revu par l’équipe."
    service.save_revision().publish()
    agency = AgencySettings.for_site(Site.objects.get(is_default_site=True))
    agency.phone = "01 00 00 00 00"
    agency.save()

    call_command("load_demo_content", stdout=StringIO())

    assert ServicePage.objects.get(slug="social-media").teaser_text == "Texte revu par l’équipe."
    assert AgencySettings.for_site(Site.objects.get(is_default_site=True)).phone == "01 00 00 00 00"


@pytest.mark.django_db
def test_the_tree_has_the_expected_pages_at_french_urls(demo_site, client):
    site = Site.objects.get(is_default_site=True)
    assert isinstance(site.root_page.specific, HomePage)
    urls = {page.specific.url for page in Page.objects.live().filter(depth__gt=2)}
    assert {
        "/glossaire/",
        "/glossaire/agence-community-management/",
        "/offres/",
        "/offres/communication-digitale/",
        "/offres/social-media/",
        "/offres/marketing-digital/",
        "/offres/transformation-digitale/",
        "/contact/",
        "/mentions-legales/",
        "/confidentialite/",
    } <= urls
    # Wagtail's bare welcome page is gone.
    assert not Page.objects.filter(depth=2).exclude(pk=site.root_page_id).exists()


@pytest.mark.django_db
def test_navigation_and_agency_settings_are_filled(demo_site):
    site = Site.objects.get(is_default_site=True)
    menu = [label for label, url, page_id in NavigationSettings.for_site(site).resolve("main_menu")]
    assert menu == ["Nos offres", "Glossaire", "Contact"]
    agency = AgencySettings.for_site(site)
    assert (agency.street_address, agency.postcode, agency.city) == ("28 rue du Chemin Vert", "75011", "Paris")
    assert (agency.email, agency.phone) == ("contact@50a.fr", "01 40 33 00 65")
    assert "Chemin+Vert" in agency.map_url
