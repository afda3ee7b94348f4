"""App configuration for the site-wide app: wires the page cache's invalidation at startup."""

from django.apps import AppConfig


class AgencySiteConfig(AppConfig):
    name = "agency_site"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from .cache import connect_invalidation

        connect_invalidation()
