"""Erase everything stored about an email address (RGPD right to erasure), after confirmation."""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from contact.models import ContactSubmission, DeliveryAttempt


class Command(BaseCommand):
    help = "Efface tout ce que le site conserve sur une adresse e-mail (droit à l’effacement RGPD)."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--yes", action="store_true", help="Ne pas demander de confirmation.")

    def handle(self, *args, email, yes=False, **options):
        submissions = ContactSubmission.objects.for_email(email)
        count = submissions.count()
        attempts = DeliveryAttempt.objects.filter(submission__in=submissions).count()
        if count == 0:
            self.stdout.write(f"Aucune donnée conservée pour {email}.")
            return
        self.stdout.write(f"{count} demande(s) de contact et {attempts} tentative(s) d’envoi concernent {email}.")
        if not yes:
            answer = input("Tout effacer définitivement ? Tapez « oui » pour confirmer : ")
            if answer.strip().lower() != "oui":
                raise CommandError("Effacement annulé : rien n’a été supprimé.")
        with transaction.atomic():
            submissions.delete()
        self.stdout.write(
            self.style.SUCCESS(
                f"Effacé : {count} demande(s) de contact et {attempts} tentative(s) d’envoi pour {email}."
            )
        )
