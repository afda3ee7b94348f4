"""Fixtures of the glossary tests: a small published glossary built with the factories."""

import pytest

from agency_site.tests.factories import body_params
from glossary.tests.factories import GlossaryEntryPageFactory, GlossaryIndexPageFactory


def publish_entry(index, title, definition="Une définition.", synonyms=(), body=(), **fields):
    """A published entry under the index, built by its factory; `body` as (kind, text) pairs (see body_params)."""
    return GlossaryEntryPageFactory(
        parent=index,
        title=title,
        short_definition=definition,
        synonyms="\n".join(synonyms),
        **body_params(*body),
        **fields,
    )


@pytest.fixture
def glossary_index(home_page):
    return GlossaryIndexPageFactory(parent=home_page, intro="Les mots du marketing digital.")


@pytest.fixture
def small_glossary(glossary_index):
    """Entries chosen for their French quirks: accents, ligatures, digits, elisions, plurals, synonyms."""
    entries = {
        "ecoute": publish_entry(
            glossary_index,
            "Écoute sociale",
            "Suivre ce qui se dit d’une marque.",
            ["social listening", "veille sociale"],
        ),
        "ereputation": publish_entry(glossary_index, "E-réputation", "L’image d’une marque sur le Web."),
        "engagement": publish_entry(
            glossary_index, "Taux d’engagement", "Les interactions rapportées à la portée.", ["engagement rate"]
        ),
        "oeil": publish_entry(glossary_index, "Œil du client", "Le regard que le client porte sur l’offre."),
        "cm": publish_entry(
            glossary_index,
            "Community management",
            "Animer une communauté en ligne.",
            ["CM", "gestion de communauté"],
        ),
        "360": publish_entry(glossary_index, "360°", "Une campagne présente sur tous les canaux."),
        "lead": publish_entry(glossary_index, "Lead", "Un contact qui a montré de l’intérêt.", ["prospect"]),
        "zebre": publish_entry(glossary_index, "Zèbre", "Une start-up rentable et responsable."),
        "emoji": publish_entry(glossary_index, "Emoji", "Un pictogramme glissé dans un message."),
    }
    return entries
