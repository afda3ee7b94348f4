"""The SQL queries of the glossary's pages: the figures the docs state, and the same with 10 entries as with many."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from agency_site.autolinking.linking import relinking_paused
from agency_site.tests.pages import get_uncached, rendering_uncached
from glossary.models import GlossaryEntryPage, GlossaryEntryService, GlossaryRelatedEntry
from services.tests.factories import ServiceIndexPageFactory, ServicePageFactory

from .conftest import publish_entry

pytestmark = pytest.mark.django_db

# The target of every uncached page view (README, "Performance"); the figures it states are pinned below.
INDEX_BUDGET = 8
LETTER_BUDGET = 8
ENTRY_BUDGET = 8


def add_entries(index, count, start=0):
    with relinking_paused():
        for number in range(start, start + count):
            index.add_child(
                instance=GlossaryEntryPage(
                    title=f"{'ABCDEÉ'[number % 6]}terme {number}",
                    slug=f"terme-{number}",
                    short_definition=f"Définition {number}.",
                    synonyms=f"synonyme {number}",
                )
            )


def count_queries(client, url):
    # Warm the per-process caches (site root paths, settings rows, menu fragments) as a running site has them.
    with rendering_uncached():
        client.get(url)
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.fixture
def measured_entry(home_page, glossary_index):
    services = ServiceIndexPageFactory(parent=home_page)
    service = ServicePageFactory(parent=services)
    related = publish_entry(glossary_index, "Lead", "Un contact.")
    entry = publish_entry(glossary_index, "CRM", "Le logiciel client.", ["GRC"], body=[("p", "Le CRM suit le lead.")])
    entry.service_links.add(GlossaryEntryService(service=service))
    entry.related_entry_links.add(GlossaryRelatedEntry(related=related))
    entry.save_revision().publish()
    return entry


def test_index_letter_and_entry_pages_cost_the_same_at_10_and_at_60_entries(
    client, glossary_index, measured_entry, django_assert_max_num_queries
):
    add_entries(glossary_index, 8)
    urls = ["/glossaire/", "/glossaire/lettre/e/", "/glossaire/crm/"]
    small = [count_queries(client, url) for url in urls]
    add_entries(glossary_index, 50, start=100)
    large = [count_queries(client, url) for url in urls]
    assert GlossaryEntryPage.objects.count() == 60
    assert small == large
    with django_assert_max_num_queries(INDEX_BUDGET):
        client.get("/glossaire/")
    with django_assert_max_num_queries(LETTER_BUDGET):
        client.get("/glossaire/lettre/e/")
    with django_assert_max_num_queries(ENTRY_BUDGET):
        client.get("/glossaire/crm/")


@pytest.mark.parametrize(
    ("url", "queries"),
    [("/glossaire/agence-community-management/", 7), ("/glossaire/", 4), ("/glossaire/lettre/a/", 4)],
)
def test_uncached_glossary_pages_cost_the_queries_the_docs_state(
    client, site_tree, url, queries, django_assert_num_queries
):
    response = get_uncached(client, url, django_assert_num_queries, queries)
    assert "Agence community management" in response.content.decode()
