"""The legal notice French law asks of a company's site (LCEN art. 6): on the page, and the deploy check."""

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from agency_site.models import AgencySettings
from agency_site.tests.factories import StandardPageFactory

pytestmark = pytest.mark.django_db

COMPLETE_NOTICE = {
    "legal_name": "50A Conseil",
    "legal_form": "SAS",
    "share_capital": "10 000 €",
    "registered_office": "28 rue du Chemin Vert, 75011 Paris",
    "registration_number": "RCS Paris 123 456 789",
    "vat_number": "FR12123456789",
    "publication_director": "Camille Martin",
    "host_name": "Hébergeur Exemple SAS",
    "host_address": "1 rue de l’Hébergement, 59100 Roubaix",
    "host_phone": "03 20 00 00 00",
}


@pytest.fixture
def legal_page(home_page):
    return StandardPageFactory(
        parent=home_page,
        title="Mentions légales",
        slug="mentions-legales",
        body=[
            ("heading", {"text": "Éditeur et hébergeur du site", "level": "h2", "anchor": ""}),
            ("legal_notice", None),
        ],
    )


def fill_in(home_page, **fields):
    AgencySettings.objects.update_or_create(site=home_page.get_site(), defaults=fields)


def notice_on_page(client, page):
    response = client.get(page.get_url())
    assert response.status_code == 200
    notice = BeautifulSoup(response.content, "html.parser").find("dl", class_="legal-notice")
    return {
        " ".join(term.get_text(" ").split()): " ".join(term.find_next_sibling("dd").get_text(" ").split())
        for term in notice.find_all("dt")
    }


def test_the_legal_page_shows_every_field_the_law_asks_for(client, home_page, legal_page):
    fill_in(home_page, **COMPLETE_NOTICE)

    assert notice_on_page(client, legal_page) == {
        "Dénomination sociale": "50A Conseil",
        "Forme juridique": "SAS",
        "Capital social": "10 000 €",
        "Siège social": "28 rue du Chemin Vert, 75011 Paris",
        "Immatriculation (RCS / SIREN)": "RCS Paris 123 456 789",
        "Numéro de TVA intracommunautaire": "FR12123456789",
        "Directeur ou directrice de la publication": "Camille Martin",
        "Hébergeur : nom ou dénomination": "Hébergeur Exemple SAS",
        "Hébergeur : adresse": "1 rue de l’Hébergement, 59100 Roubaix",
        "Hébergeur : téléphone": "03 20 00 00 00",
    }


def test_an_empty_field_reads_a_visible_to_be_completed(client, home_page, legal_page):
    fill_in(home_page, **{**COMPLETE_NOTICE, "vat_number": "", "host_phone": ""})
    response = client.get(legal_page.get_url())
    missing = BeautifulSoup(response.content, "html.parser").select("dl.legal-notice mark.legal-notice__missing")

    assert [mark.get_text() for mark in missing] == ["à compléter", "à compléter"]
    assert notice_on_page(client, legal_page)["Numéro de TVA intracommunautaire"] == "à compléter"


def test_the_deploy_check_warns_while_a_field_is_empty(home_page):
    fill_in(home_page, **{**COMPLETE_NOTICE, "vat_number": "", "publication_director": ""})

    with pytest.raises(SystemCheckError) as raised:
        call_command("check", "--deploy", "--tag", "legal", "--fail-level", "WARNING")

    message = str(raised.value)
    assert "agency_site.W001" in message
    assert "numéro de TVA intracommunautaire, directeur ou directrice de la publication." in message
    assert "Paramètres › Coordonnées de l’agence" in message


def test_the_deploy_check_is_silent_once_the_notice_is_complete(home_page, capsys):
    fill_in(home_page, **COMPLETE_NOTICE)

    call_command("check", "--deploy", "--tag", "legal", "--fail-level", "WARNING")

    assert "System check identified no issues" in capsys.readouterr().out


def test_a_site_without_settings_yet_is_reported_too(home_page):
    AgencySettings.objects.filter(site=home_page.get_site()).delete()

    with pytest.raises(SystemCheckError, match="dénomination sociale"):
        call_command("check", "--deploy", "--tag", "legal", "--fail-level", "WARNING")
    assert not AgencySettings.objects.exists()
