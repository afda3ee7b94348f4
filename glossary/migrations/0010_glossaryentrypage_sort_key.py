"""Entries keep their French sort key, so a letter's page is read in order from the database."""

from django.db import migrations, models

from agency_site.text import sort_key

from ._postgresql import postgresql_sql


def fill_sort_keys(apps, schema_editor):
    entries = apps.get_model("glossary", "GlossaryEntryPage")
    changed = []
    for entry in entries.objects.only("title").iterator(chunk_size=1000):
        entry.sort_key = sort_key(entry.title)
        changed.append(entry)
    entries.objects.bulk_update(changed, ["sort_key"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [("glossary", "0009_glossaryimport_updated_at")]

    operations = [
        migrations.AddField(
            model_name="glossaryentrypage",
            name="sort_key",
            field=models.TextField(default="", editable=False),
        ),
        migrations.RunPython(fill_sort_keys, migrations.RunPython.noop),
        # A letter's page walks this index in order: its cost does not grow with the letter's size.
        postgresql_sql(
            [
                'CREATE INDEX glossary_entry_letter_sort_key ON glossary_glossaryentrypage (letter, sort_key COLLATE "C")',
            ],
            ["DROP INDEX IF EXISTS glossary_entry_letter_sort_key"],
        ),
    ]
