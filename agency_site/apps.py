"""App configuration for the site-wide app: wires the page cache's invalidation and the system checks at startup."""

from django.apps import AppConfig


class AgencySiteConfig(AppConfig):
    name = "agency_site"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import checks, security  # noqa: F401  (registers the checks, connects the login failure counters)
        from .cache import connect_invalidation

        connect_invalidation()
