"""Load every app's demo content (pages, images, settings, editor account); safe to run again."""

import os

from django.conf import settings
from django.core.management.base import BaseCommand

from agency_site.demo.loader import CREDENTIALS_FILE, EDITOR_USERNAME, load_demo_content


class Command(BaseCommand):
    help = "Crée le contenu de démonstration : ne recrée rien d'existant et n'écrase aucune modification."

    def handle(self, *args, **options):
        self.stdout.write("Contenu de démonstration :")
        demo = load_demo_content(log=self.stdout.write)
        password = demo.editor_password
        if not demo.created:
            self.stdout.write("  rien à créer, tout est déjà en place.")
        if settings.DEBUG:
            self.stdout.write("")
            port = os.environ.get("PORT", "8000")
            self.stdout.write(self.style.SUCCESS(f"Compte éditeur de démonstration : http://127.0.0.1:{port}/admin/"))
            self.stdout.write(f"  identifiant : {EDITOR_USERNAME}")
            if password:
                self.stdout.write(f"  mot de passe : {password}")
            else:
                self.stdout.write(
                    f"  mot de passe : celui que vous avez choisi ({CREDENTIALS_FILE.name} absent ou périmé ; "
                    f"`python manage.py changepassword {EDITOR_USERNAME}` pour le redéfinir)"
                )
