"""App configuration for the site-wide app: wires page-cache invalidation, the cache table, auto-linking and checks."""

from django.apps import AppConfig
from django.core.management import call_command
from django.db.models.signals import post_migrate


def create_cache_table(using="default", **kwargs):
    """`migrate` also creates the database cache table (content version, rate limits) when a cache uses it."""
    call_command("createcachetable", database=using, verbosity=0)


class AgencySiteConfig(AppConfig):
    name = "agency_site"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import checks  # noqa: F401  (registers the system checks)
        from .autolinking import signals as autolinking_signals
        from .pagecache.invalidation import register_signal_handlers

        register_signal_handlers()
        autolinking_signals.connect()
        post_migrate.connect(create_cache_table, sender=self, dispatch_uid="agency_site_cache_table")
