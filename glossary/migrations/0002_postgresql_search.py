"""On PostgreSQL only: unaccented French full-text search, word starts, trigrams and the letters' order index."""

from django.db import migrations

SEARCH_INDEXES = {
    "glossary_entry_search_document": "search_document",
    "glossary_entry_search_term_words": "search_term_words",
    "glossary_entry_search_words": "search_words",
}

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
    # Stored generated columns, so no query computes a vector per row. search_text and search_terms are already
    # folded (no accents, no elisions, singular): the "simple" configuration only splits them into words.
    "ALTER TABLE glossary_glossaryentrypage ADD COLUMN search_document tsvector "
    "GENERATED ALWAYS AS (to_tsvector('french_unaccent'::regconfig, COALESCE(search_text, ''))) STORED",
    "ALTER TABLE glossary_glossaryentrypage ADD COLUMN search_term_words tsvector "
    "GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, COALESCE(search_terms, ''))) STORED",
    "ALTER TABLE glossary_glossaryentrypage ADD COLUMN search_words tsvector "
    "GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, COALESCE(search_text, ''))) STORED",
    # Entries are written a few times a day but searched on every keystroke: without a pending list (fastupdate)
    # a search never reads thousands of pending entries after a bulk import.
    *(
        f"CREATE INDEX {name} ON glossary_glossaryentrypage USING gin ({column}) WITH (fastupdate = off)"
        for name, column in SEARCH_INDEXES.items()
    ),
    "CREATE INDEX glossary_entry_search_terms_trgm ON glossary_glossaryentrypage "
    "USING gin (search_terms gin_trgm_ops) WITH (fastupdate = off)",
    # A letter's page walks this index in order (code points, as Python compares the stored sort key): its cost
    # does not grow with the letter's size.
    'CREATE INDEX glossary_entry_letter_sort_key ON glossary_glossaryentrypage (letter, sort_key COLLATE "C")',
]

BACKWARD_SQL = [
    "DROP INDEX IF EXISTS glossary_entry_letter_sort_key",
    "DROP INDEX IF EXISTS glossary_entry_search_terms_trgm",
    *(f"DROP INDEX IF EXISTS {name}" for name in SEARCH_INDEXES),
    "ALTER TABLE glossary_glossaryentrypage DROP COLUMN IF EXISTS search_words",
    "ALTER TABLE glossary_glossaryentrypage DROP COLUMN IF EXISTS search_term_words",
    "ALTER TABLE glossary_glossaryentrypage DROP COLUMN IF EXISTS search_document",
]


def run_on_postgresql(statements):
    def operation(apps, schema_editor):
        # SQLite has no text search configurations nor GIN indexes: the portable search needs none.
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return operation


class Migration(migrations.Migration):
    dependencies = [("glossary", "0001_initial")]

    operations = [migrations.RunPython(run_on_postgresql(FORWARD_SQL), run_on_postgresql(BACKWARD_SQL))]
