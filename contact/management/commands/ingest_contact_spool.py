"""Store the leads spooled on disk during a database outage, exactly once, and queue their mails (run by cron)."""

from django.core.management.base import BaseCommand

from contact.pipeline import store_spooled
from contact.spool import ingest_spool


class Command(BaseCommand):
    help = "Enregistre les demandes de contact gardées sur disque pendant une panne de la base (à lancer par cron)."

    def handle(self, *args, **options):
        count = ingest_spool(store_spooled)
        self.stdout.write(self.style.SUCCESS(f"{count} demande(s) reprise(s) du disque."))
