"""The database-specific halves of glossary search: PostgreSQL full text and trigrams, SQLite's portable path."""

import pytest
from django.db import connection, transaction
from wagtail.models import PageViewRestriction

from glossary import search
from glossary.models import GlossaryEntryPage
from glossary.search import search_entries, within_one_edit

from .conftest import publish_entry

pytestmark = pytest.mark.django_db

postgresql_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL")
sqlite_only = pytest.mark.skipif(connection.vendor != "sqlite", reason="the portable path runs on SQLite")


def titles(query):
    return [entry.title for entry in search_entries(GlossaryEntryPage.objects.live().public(), query)]


@postgresql_only
def test_postgresql_has_the_accent_free_french_configuration_and_trigram_indexes(small_glossary):
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_tsvector('french_unaccent', 'Écoutes sociales')::text")
        assert cursor.fetchone()[0] == "'ecout':1 'social':2"
        cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename = 'glossary_glossaryentrypage'")
        indexes = {row[0] for row in cursor.fetchall()}
    assert {
        "glossary_entry_search_document",
        "glossary_entry_search_terms_trgm",
        "glossary_entry_search_words",
        "glossary_entry_search_term_words",
    } <= indexes


@postgresql_only
def test_the_search_indexes_have_no_pending_list_and_letters_have_their_order_index(small_glossary):
    # A pending list would be read whole by every search after a bulk import, until the next vacuum.
    search_indexes = [
        "glossary_entry_search_document",
        "glossary_entry_search_terms_trgm",
        "glossary_entry_search_term_words",
        "glossary_entry_search_words",
    ]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, reloptions FROM pg_class WHERE relname = ANY(%s) ORDER BY relname", [search_indexes]
        )
        options = dict(cursor.fetchall())
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'glossary_entry_letter_sort_key'")
        (letter_index,) = cursor.fetchone()
    assert options == {name: ["fastupdate=off"] for name in search_indexes}
    assert 'sort_key COLLATE "C"' in letter_index


@postgresql_only
def test_postgresql_matches_the_start_of_any_word_of_term_synonyms_and_definition(small_glossary):
    assert titles("ecou") == ["Écoute sociale"]
    assert titles("reput") == ["E-réputation"]
    assert titles("listen") == ["Écoute sociale"]
    assert titles("interet") == ["Lead"]


@postgresql_only
def test_postgresql_finds_stems_and_typos(small_glossary):
    assert titles("écoutes") == ["Écoute sociale"]
    assert titles("comunity") == ["Community management"]
    assert titles("reputaton")[0] == "E-réputation"


def test_a_near_miss_is_not_listed_when_the_query_matches_as_typed(glossary_index):
    publish_entry(glossary_index, "Influenceur", "Une personne suivie sur les réseaux sociaux.")
    publish_entry(glossary_index, "Influenceuse", "Une personne suivie sur les réseaux sociaux.")
    assert titles("influenceur") == ["Influenceur"]
    assert titles("influenceurr")[0] == "Influenceur"


def test_the_exact_term_comes_first_even_past_the_candidate_cap(glossary_index, monkeypatch):
    for title in ("Inbound marketing", "Marketing automation", "Growth marketing"):
        publish_entry(glossary_index, title, "Une pratique du marketing digital.")
    publish_entry(glossary_index, "Marketing", "L’ensemble des actions pour vendre.")
    monkeypatch.setattr(search, "CANDIDATES_PER_METHOD", 1)
    assert titles("marketing")[0] == "Marketing"


@postgresql_only
def test_drafts_never_fill_the_candidate_cap_and_a_broad_query_keeps_the_first_terms_of_the_a_z(
    glossary_index, monkeypatch
):
    for title in ("Marketing digital", "Marketing automation"):
        glossary_index.add_child(instance=GlossaryEntryPage(title=title, short_definition="Brouillon.", live=False))
    for title in ("Marketing de contenu", "Marketing B2B", "Marketing à la performance"):
        publish_entry(glossary_index, title, "Une pratique.")
    private = publish_entry(glossary_index, "Marketing agile", "Réservé à l’équipe.")
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="secret")
    monkeypatch.setattr(search, "CANDIDATES_PER_METHOD", 2)
    # Capped at two per branch, among live and public entries only, in folded order ("marketing a la performance",
    # "marketing agile", "marketing b2b", "marketing de contenu") whatever the order they were written in.
    assert set(titles("market")) == {"Marketing à la performance", "Marketing B2B"}


@postgresql_only
def test_postgresql_typo_search_sets_its_own_threshold_and_leaves_the_transaction_settings_alone(small_glossary):
    settings_query = "SELECT current_setting('enable_seqscan'), current_setting('pg_trgm.word_similarity_threshold')"
    with transaction.atomic(), connection.cursor() as cursor:
        # Stricter than the search's own threshold: "comunity" is 0.73 similar to "community management".
        cursor.execute("SET LOCAL pg_trgm.word_similarity_threshold = 0.8")
        assert titles("comunity") == ["Community management"]
        cursor.execute(settings_query)
        assert cursor.fetchone() == ("on", "0.8")


@sqlite_only
def test_sqlite_corrects_one_typo_against_the_terms_vocabulary(small_glossary):
    assert titles("comunity") == ["Community management"]
    assert titles("ecoutte") == ["Écoute sociale"]
    assert titles("blockchain") == []


def test_one_edit_means_one_insertion_deletion_substitution_or_swap():
    assert within_one_edit("comunity", "community")
    assert within_one_edit("communiyt", "community")
    assert within_one_edit("commxnity", "community")
    assert not within_one_edit("comnuity", "community")
    assert not within_one_edit("lead", "load s")
