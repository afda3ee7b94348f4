"""Export as JSON everything stored about an email address (RGPD right of access)."""

import json

from django.core.management.base import BaseCommand
from django.core.serializers.json import DjangoJSONEncoder

from contact.models import ContactSubmission

EXPORTED_FIELDS = [
    "id",
    "created_at",
    "name",
    "company",
    "email",
    "phone",
    "message",
    "source_title",
    "source_url",
    "privacy_notice",
    "handled",
    "quarantined",
    "delivery_status",
    "sent_at",
    "acknowledged_at",
]


def personal_data(email):
    submissions = ContactSubmission.objects.for_email(email).order_by("created_at").prefetch_related("attempts")
    return {
        "email": email,
        "demandes_de_contact": [
            {
                **{field: getattr(submission, field) for field in EXPORTED_FIELDS},
                "tentatives_envoi": [
                    {"date": attempt.attempted_at, "resultat": attempt.outcome, "erreur": attempt.error}
                    for attempt in submission.attempts.all()
                ],
            }
            for submission in submissions
        ],
    }


class Command(BaseCommand):
    help = "Exporte en JSON tout ce que le site conserve sur une adresse e-mail (droit d’accès RGPD)."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--output", help="Fichier JSON à écrire (par défaut : la sortie standard).")

    def handle(self, *args, email, output=None, **options):
        data = personal_data(email)
        text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
        count = len(data["demandes_de_contact"])
        if output:
            with open(output, "w", encoding="utf-8") as handle:
                handle.write(text + "\n")
            self.stderr.write(f"{count} demande(s) exportée(s) dans {output}.")
        else:
            self.stdout.write(text)
            self.stderr.write(f"{count} demande(s) exportée(s).")
