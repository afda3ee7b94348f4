"""App configuration for the site-wide app: wires the page cache's invalidation and the auto-linking at startup."""

from django.apps import AppConfig


class AgencySiteConfig(AppConfig):
    name = "agency_site"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from .autolinking import signals as autolinking_signals
        from .cache import connect_invalidation

        connect_invalidation()
        autolinking_signals.connect()
