"""WSGI entry point; defaults to the production settings. Pages this process holds are answered before Django."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "agency_site.settings.production")

application = get_wsgi_application()

from agency_site.pagecache.wsgi import PageCacheApplication  # noqa: E402 - needs the settings configured above

application = PageCacheApplication(application)
