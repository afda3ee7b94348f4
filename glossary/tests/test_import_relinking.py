"""An import re-links only the pages that mention its terms, and its queries do not grow with the glossary."""

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext

from agency_site.autolinking import linking
from agency_site.autolinking.models import AutoLinkedBody
from glossary.models import GlossaryEntryPage
from glossary.transfer.readers import read_csv
from glossary.transfer.upsert import import_rows

from .bulk import bulk_add_entries
from .conftest import publish_entry

pytestmark = pytest.mark.django_db


def glossary_links(client, url):
    soup = BeautifulSoup(client.get(url).content, "html.parser")
    return [(link["href"], link.get_text()) for link in soup.select("a.glossary-link")]


def csv_rows(*entries):
    return read_csv("slug,title,short_definition,synonyms\n" + "".join(f"{row}\n" for row in entries))


@pytest.fixture
def relinked(monkeypatch):
    """The ids of the pages re-linked from now on."""
    pages = []
    relink_page = linking.relink_page

    def watched(page, matcher=None):
        pages.append(page.pk)
        return relink_page(page, matcher)

    monkeypatch.setattr(linking, "relink_page", watched)
    return pages


def test_an_import_relinks_the_pages_that_mention_its_terms_and_no_other(client, glossary_index, relinked):
    crm = publish_entry(glossary_index, "CRM", "Le logiciel client.", body=[("p", "Le CRM suit chaque prospect.")])
    persona = publish_entry(glossary_index, "Persona", "Un client type.", body=[("p", "Un portrait de client.")])
    # Links to an entry the import renames: found by its stored links, not by its new name.
    seo = publish_entry(glossary_index, "SEO", "Le référencement naturel.")
    audit = publish_entry(glossary_index, "Audit", "Un état des lieux.", body=[("p", "Un audit SEO complet.")])
    assert glossary_links(client, "/glossaire/crm/") == []
    relinked.clear()

    report = import_rows(
        csv_rows("lead,Lead,Un contact intéressé.,prospect", "seo,Référencement naturel,Le SEO.,"),
        index_page=glossary_index,
    )

    assert report.created == ["lead"] and report.updated == ["seo"] and report.errors == []
    lead = GlossaryEntryPage.objects.get(slug="lead")
    assert sorted(relinked) == sorted([lead.pk, seo.pk, crm.pk, audit.pk])
    assert persona.pk not in relinked
    assert 'href="/glossaire/lead/"' in AutoLinkedBody.objects.get(page_id=crm.pk).html
    assert glossary_links(client, "/glossaire/crm/") == [("/glossaire/lead/", "prospect")]
    assert glossary_links(client, "/glossaire/persona/") == []
    # The renamed entry lost its old name, so the page that linked it under that name no longer does.
    assert glossary_links(client, "/glossaire/audit/") == []
    assert AutoLinkedBody.objects.get(page_id=lead.pk).linked_entries == "|"


def test_the_pages_to_relink_are_the_same_found_by_queries_or_by_one_scan(glossary_index, monkeypatch):
    crm = publish_entry(glossary_index, "CRM", "Le logiciel client.", body=[("p", "Des leads dans le CRM.")])
    lead = publish_entry(glossary_index, "Lead", "Un contact.", body=[("p", "Il finit dans un CRM.")])
    publish_entry(glossary_index, "Persona", "Un client type.", body=[("p", "Un portrait.")])
    sea = publish_entry(glossary_index, "SEA", "Le référencement payant.", body=[("p", "Après l’audit.")])
    terms = {lead.pk: ["Lead", "Contact qualifié"], 10_000: ["Audit"]}

    by_queries = linking.pages_to_relink(terms)
    monkeypatch.setattr(linking, "QUERIED_TERMS_AND_SPELLINGS", 0)
    by_scan = linking.pages_to_relink(terms)

    assert by_queries == by_scan == {crm.pk, sea.pk}


def import_queries(glossary_index, *rows):
    with CaptureQueriesContext(connection) as captured:
        report = import_rows(csv_rows(*rows), index_page=glossary_index)
    assert report.errors == []
    return len(captured)


def test_an_import_costs_the_same_queries_whatever_the_size_of_the_glossary(glossary_index):
    publish_entry(glossary_index, "CRM", "Le logiciel client.", body=[("p", "Le CRM et le reste.")])
    import_queries(glossary_index, "warm-up,Échauffement,Une première ligne.,")
    small = import_queries(glossary_index, "alpha,Alpha,Une ligne.,", "beta,Bêta,Une ligne.,")
    bulk_add_entries(
        glossary_index,
        [
            GlossaryEntryPage(title=f"Terme {number}", short_definition="Une définition.", body=[])
            for number in range(40)
        ],
    )
    linking.relink_all()
    large = import_queries(glossary_index, "gamma,Gamma,Une ligne.,", "delta,Delta,Une ligne.,")
    assert large == small


def test_unchanged_rows_are_compared_in_a_few_queries_whatever_their_number(glossary_index):
    rows = [f"terme-{number},Terme {number},Une définition.,autre nom {number}" for number in range(6)]
    import_rows(csv_rows(*rows), index_page=glossary_index)
    two = import_queries(glossary_index, *rows[:2])
    six = import_queries(glossary_index, *rows)
    assert two == six


def test_an_import_tells_postgresql_the_new_size_of_the_glossary(glossary_index):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL")
    import_rows(csv_rows(*(f"terme-{number},Terme {number},Une définition.," for number in range(60))), glossary_index)
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [GlossaryEntryPage._meta.db_table])
        assert cursor.fetchone()[0] == GlossaryEntryPage.objects.count() == 60
