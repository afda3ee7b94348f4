"""The glossary app: connects the auto-linking signals when Django starts."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GlossaryConfig(AppConfig):
    name = "glossary"
    verbose_name = _("Glossaire")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import signals

        signals.connect()
