"""Delete leads older than the retention period (CONTACT_RETENTION_DAYS, 3 years by default): meant for cron."""

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from contact.models import ContactSubmission


class Command(BaseCommand):
    help = "Supprime les demandes de contact plus anciennes que la durée de conservation (3 ans par défaut)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="Durée de conservation en jours (par défaut CONTACT_RETENTION_DAYS).",
        )
        parser.add_argument("--dry-run", action="store_true", help="Compte sans rien supprimer.")

    def handle(self, *args, days=None, dry_run=False, **options):
        days = days if days is not None else settings.CONTACT_RETENTION_DAYS
        cutoff = timezone.now() - timedelta(days=days)
        expired = ContactSubmission.objects.filter(created_at__lt=cutoff)
        count = expired.count()
        if dry_run:
            self.stdout.write(
                f"{count} demande(s) reçue(s) avant le {cutoff:%d/%m/%Y} seraient supprimées (simulation)."
            )
            return
        expired.delete()
        self.stdout.write(self.style.SUCCESS(f"{count} demande(s) reçue(s) avant le {cutoff:%d/%m/%Y} supprimée(s)."))
