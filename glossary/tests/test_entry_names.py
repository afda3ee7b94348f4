"""An entry's other names show under « Autres noms »; its search variants only help search and auto-linking."""

import io

import pytest
from bs4 import BeautifulSoup

from glossary.models import GlossaryEntryPage
from glossary.transfer.export import write_csv
from glossary.transfer.readers import read_csv, read_markdown_file
from glossary.transfer.upsert import import_rows

from .conftest import publish_entry

pytestmark = pytest.mark.django_db


def page_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return BeautifulSoup(response.content, "html.parser")


def test_other_names_show_the_synonyms_and_never_the_search_variants(client, glossary_index):
    publish_entry(
        glossary_index,
        "Community manager",
        "La personne qui anime une communauté.",
        ["CM", "gestionnaire de communauté"],
        search_variants="community managers\nCM",
    )
    page = page_of(client, "/glossaire/community-manager/")
    names = page.select_one(".entry__synonyms")
    assert names.get_text(" ", strip=True).startswith("Autres noms\u202f:")
    assert [name.get_text() for name in names.select(".entry__synonym")] == ["CM", "gestionnaire de communauté"]
    assert "community managers" not in page.get_text()
    assert "Aussi appelé" not in page.get_text()


def test_a_search_variant_finds_its_entry_and_is_auto_linked(client, glossary_index):
    publish_entry(glossary_index, "Growth hacking", "Croître par petites expériences.", search_variants="growth hacker")
    publish_entry(
        glossary_index,
        "Expérimentation",
        "Comparer deux versions d’une page.",
        body=[("p", "Le growth hacker lance un test A/B par semaine.")],
    )
    results = page_of(client, "/glossaire/recherche/?q=growth+hacker").select(".glossary-results a")
    assert [link.get_text() for link in results] == ["Growth hacking"]
    links = page_of(client, "/glossaire/experimentation/").select("a.glossary-link")
    assert [(link["href"], link.get_text()) for link in links] == [("/glossaire/growth-hacking/", "growth hacker")]


def test_the_import_reads_and_the_export_writes_the_search_variants(glossary_index):
    markdown = (
        "---\ntitle: Persona\ndefinition: Le portrait d’un client type.\nsynonyms:\n  - buyer persona\n"
        "search_variants:\n  - personas\n---\n"
    ).encode()
    csv_text = "slug;title;short_definition;synonyms;search_variants\nkpi;KPI;Un indicateur clé.;indicateur clé;kpis | indicateurs clés\n"
    report = import_rows([read_markdown_file("persona.md", markdown), *read_csv(csv_text)], index_page=glossary_index)
    assert sorted(report.created) == ["kpi", "persona"]
    persona = GlossaryEntryPage.objects.get(slug="persona")
    assert (persona.synonyms, persona.search_variants) == ("buyer persona", "personas")
    assert GlossaryEntryPage.objects.get(slug="kpi").search_variants == "kpis\nindicateurs clés"

    output = io.StringIO()
    write_csv(output, glossary_index)
    rows = {row.values["slug"]: row.values for row in read_csv(output.getvalue())}
    assert (rows["persona"]["synonyms"], rows["persona"]["search_variants"]) == ("buyer persona", "personas")
    # Importing the export back changes nothing.
    assert import_rows(read_csv(output.getvalue()), index_page=glossary_index).skipped == ["persona", "kpi"]
