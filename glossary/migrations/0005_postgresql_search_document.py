"""On PostgreSQL only: the French full-text vector as a stored generated column, so no query computes it per row."""

from django.db import migrations

from ._postgresql import postgresql_sql

FORWARD_SQL = [
    "DROP INDEX IF EXISTS glossary_entry_search_text_fts",
    "ALTER TABLE glossary_glossaryentrypage ADD COLUMN IF NOT EXISTS search_document tsvector "
    "GENERATED ALWAYS AS (to_tsvector('french_unaccent'::regconfig, COALESCE(search_text, ''))) STORED",
    "CREATE INDEX IF NOT EXISTS glossary_entry_search_document ON glossary_glossaryentrypage "
    "USING gin (search_document)",
]

BACKWARD_SQL = [
    "DROP INDEX IF EXISTS glossary_entry_search_document",
    "ALTER TABLE glossary_glossaryentrypage DROP COLUMN IF EXISTS search_document",
]


class Migration(migrations.Migration):
    dependencies = [("glossary", "0004_postgresql_french_search")]

    operations = [postgresql_sql(FORWARD_SQL, BACKWARD_SQL)]
