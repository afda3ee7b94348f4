"""Resend leads whose mail failed (default), chosen ones (--ids), or overdue retries (--due, for cron)."""

from datetime import timedelta

from django.core.management.base import BaseCommand
from django.db.models import Q
from django.utils import timezone

from contact.delivery import start_delivery
from contact.models import ContactSubmission

NEVER_TRIED_AFTER = timedelta(minutes=10)


class Command(BaseCommand):
    help = "Renvoie les demandes de contact en échec, choisies (--ids) ou dont la nouvelle tentative est due (--due)."

    def add_arguments(self, parser):
        parser.add_argument("--ids", nargs="+", type=int, help="Numéros des demandes à renvoyer.")
        parser.add_argument(
            "--due",
            action="store_true",
            help="Demandes en attente dont la tentative prévue est passée (file d’attente perdue ou sans délai).",
        )

    def handle(self, *args, ids=None, due=False, **options):
        submissions = ContactSubmission.objects.filter(quarantined=False)
        if ids:
            submissions = submissions.filter(pk__in=ids)
        elif due:
            submissions = submissions.filter(delivery_status=ContactSubmission.Delivery.PENDING).filter(
                Q(next_attempt_at__lte=timezone.now())
                # Never tried after ten minutes: its job was lost (queue emptied, enqueue error).
                | Q(next_attempt_at__isnull=True, attempt_count=0, created_at__lte=timezone.now() - NEVER_TRIED_AFTER)
            )
        else:
            submissions = submissions.filter(delivery_status=ContactSubmission.Delivery.FAILED)
        queued = start_delivery(submissions)
        for submission in queued:
            submission.refresh_from_db()
            self.stdout.write(f"#{submission.pk} {submission.email} : {submission.get_delivery_status_display()}")
        self.stdout.write(self.style.SUCCESS(f"{len(queued)} demande(s) remise(s) en envoi."))
