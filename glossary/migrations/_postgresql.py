"""What the glossary's PostgreSQL-only migrations share (a name starting with "_": not a migration itself)."""

from django.db import migrations


def run_on_postgresql(statements):
    def operation(apps, schema_editor):
        # SQLite has no text search configurations nor GIN indexes: the portable search needs none.
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return operation


def postgresql_sql(forward, backward):
    """The statements on PostgreSQL, nothing elsewhere, reversible."""
    return migrations.RunPython(run_on_postgresql(forward), run_on_postgresql(backward))
