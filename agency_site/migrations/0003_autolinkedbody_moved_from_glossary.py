# The model moved from the glossary; its table, created by glossary 0003, stays as it is (state only).

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("agency_site", "0002_agency_description_and_profiles"),
        migrations.swappable_dependency(settings.WAGTAIL_PAGE_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="AutoLinkedBody",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("html", models.TextField()),
                        ("folded_text", models.TextField(default="")),
                        ("linked_entries", models.TextField(default="|")),
                        ("updated_at", models.DateTimeField(auto_now=True)),
                        (
                            "page",
                            models.OneToOneField(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="autolinked_body",
                                to=settings.WAGTAIL_PAGE_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "contenu lié au glossaire",
                        "verbose_name_plural": "contenus liés au glossaire",
                        "db_table": "glossary_autolinkedbody",
                    },
                ),
            ],
        ),
    ]
