"""On PostgreSQL only: unaccent and pg_trgm, a "french_unaccent" search configuration and the search indexes."""

from django.db import migrations

from ._postgresql import postgresql_sql

FORWARD_SQL = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    """
    DO $$
    BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'french_unaccent') THEN
            CREATE TEXT SEARCH CONFIGURATION french_unaccent (COPY = french);
            ALTER TEXT SEARCH CONFIGURATION french_unaccent
                ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;
        END IF;
    END
    $$;
    """,
    # The same expression as the ORM's SearchVector("search_text", config="french_unaccent"), so it is used.
    "CREATE INDEX IF NOT EXISTS glossary_entry_search_text_fts ON glossary_glossaryentrypage "
    "USING gin (to_tsvector('french_unaccent'::regconfig, COALESCE(search_text, '')))",
    "CREATE INDEX IF NOT EXISTS glossary_entry_search_terms_trgm ON glossary_glossaryentrypage "
    "USING gin (search_terms gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS glossary_entry_search_text_trgm ON glossary_glossaryentrypage "
    "USING gin (search_text gin_trgm_ops)",
]

BACKWARD_SQL = [
    "DROP INDEX IF EXISTS glossary_entry_search_text_trgm",
    "DROP INDEX IF EXISTS glossary_entry_search_terms_trgm",
    "DROP INDEX IF EXISTS glossary_entry_search_text_fts",
]


class Migration(migrations.Migration):
    dependencies = [("glossary", "0003_categories_synonyms_autolinking")]

    operations = [postgresql_sql(FORWARD_SQL, BACKWARD_SQL)]
