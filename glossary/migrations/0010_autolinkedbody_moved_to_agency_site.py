# AutoLinkedBody now belongs to agency_site, which keeps using this app's table (state only).

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("glossary", "0009_glossaryimport_updated_at"),
        ("agency_site", "0003_autolinkedbody_moved_from_glossary"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[migrations.DeleteModel(name="AutoLinkedBody")]),
    ]
