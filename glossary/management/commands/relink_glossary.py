"""manage.py relink_glossary: recompute the stored auto-linked body of every entry and service page."""

from django.core.management.base import BaseCommand

from agency_site.autolinking.linking import relink_all


class Command(BaseCommand):
    help = "Recompute the glossary auto-links of every published entry and service page."

    def handle(self, **options):
        self.stdout.write(f"{relink_all()} pages liées de nouveau.")
