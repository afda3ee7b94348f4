"""The database-specific halves of glossary search: PostgreSQL full text and trigrams, SQLite's portable path."""

import pytest
from django.db import connection

from glossary.search import search_entries, within_one_edit

pytestmark = pytest.mark.django_db

postgresql_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL")
sqlite_only = pytest.mark.skipif(connection.vendor != "sqlite", reason="the portable path runs on SQLite")


def titles(query):
    return [entry.title for entry in search_entries(query)]


@postgresql_only
def test_postgresql_has_the_accent_free_french_configuration_and_trigram_indexes(small_glossary):
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_tsvector('french_unaccent', 'Écoutes sociales')::text")
        assert cursor.fetchone()[0] == "'ecout':1 'social':2"
        cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename = 'glossary_glossaryentrypage'")
        indexes = {row[0] for row in cursor.fetchall()}
    assert {"glossary_entry_search_document", "glossary_entry_search_terms_trgm"} <= indexes


@postgresql_only
def test_postgresql_finds_stems_and_typos(small_glossary):
    assert titles("écoutes") == ["Écoute sociale"]
    assert titles("comunity") == ["Community management"]
    assert titles("reputaton")[0] == "E-réputation"


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
