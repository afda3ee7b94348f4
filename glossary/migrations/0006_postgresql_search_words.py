"""On PostgreSQL only: the unstemmed words of the terms and of the whole entry, stored and indexed for word starts."""

from django.db import migrations

from ._postgresql import postgresql_sql

FORWARD_SQL = [
    # search_text is already folded (no accents, no elisions, singular): the "simple" configuration only splits it.
    "ALTER TABLE glossary_glossaryentrypage ADD COLUMN IF NOT EXISTS search_term_words tsvector "
    "GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, COALESCE(search_terms, ''))) STORED",
    "ALTER TABLE glossary_glossaryentrypage ADD COLUMN IF NOT EXISTS search_words tsvector "
    "GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, COALESCE(search_text, ''))) STORED",
    "CREATE INDEX IF NOT EXISTS glossary_entry_search_term_words ON glossary_glossaryentrypage "
    "USING gin (search_term_words)",
    "CREATE INDEX IF NOT EXISTS glossary_entry_search_words ON glossary_glossaryentrypage USING gin (search_words)",
    # Substrings are now matched at word starts through search_words: nothing reads this index any more.
    "DROP INDEX IF EXISTS glossary_entry_search_text_trgm",
]

BACKWARD_SQL = [
    "CREATE INDEX IF NOT EXISTS glossary_entry_search_text_trgm ON glossary_glossaryentrypage "
    "USING gin (search_text gin_trgm_ops)",
    "DROP INDEX IF EXISTS glossary_entry_search_words",
    "DROP INDEX IF EXISTS glossary_entry_search_term_words",
    "ALTER TABLE glossary_glossaryentrypage DROP COLUMN IF EXISTS search_words",
    "ALTER TABLE glossary_glossaryentrypage DROP COLUMN IF EXISTS search_term_words",
]


class Migration(migrations.Migration):
    dependencies = [("glossary", "0005_postgresql_search_document")]

    operations = [postgresql_sql(FORWARD_SQL, BACKWARD_SQL)]
