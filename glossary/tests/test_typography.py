"""Editors' entries read in French typography, even when typed without it."""

import pytest
from bs4 import BeautifulSoup
from wagtail.rich_text import RichText

from glossary.tests.conftest import publish_entry

NNBSP = "\u202f"


@pytest.mark.django_db
def test_guillemets_in_an_entry_get_their_narrow_no_break_spaces(client, glossary_index):
    entry = publish_entry(glossary_index, "Social media manager", "Il pilote la présence d'une marque.")
    entry.body = [("paragraph", RichText("<p>On l'appelle aussi «SMM» ou « responsable social media ».</p>"))]
    entry.save_revision().publish()
    page = BeautifulSoup(client.get(entry.get_url()).content, "html.parser")

    assert page.find(class_="entry__body").get_text().strip() == (
        f"On l’appelle aussi «{NNBSP}SMM{NNBSP}» ou «{NNBSP}responsable social media{NNBSP}»."
    )


@pytest.mark.django_db
def test_the_popover_definition_is_set_in_french_too(client, glossary_index):
    publish_entry(glossary_index, "Persona", "Un client type : qui est-il ?")
    entry = publish_entry(glossary_index, "Lead", "Un contact.", body=[("p", "Un lead ressemble à un persona.")])
    link = BeautifulSoup(client.get(entry.get_url()).content, "html.parser").find(
        "a", attrs={"data-glossary-term": True}
    )

    assert link["data-glossary-definition"] == f"Un client type{NNBSP}: qui est-il{NNBSP}?"
