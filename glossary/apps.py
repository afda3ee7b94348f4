"""The glossary app: registers the glossary as the auto-linking's term source when Django starts."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GlossaryConfig(AppConfig):
    name = "glossary"
    verbose_name = _("Glossaire")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from agency_site.autolinking import register_term_source

        from .linking import GlossaryTermSource

        register_term_source(GlossaryTermSource())
