"""URL configuration: Wagtail admin, documents, sitemap, contact endpoints, then the page tree."""

import re

from django.conf import settings
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from agency_site import media, robots, sitemaps

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("sitemap.xml", sitemaps.sitemap, name="sitemap"),
    path("sitemap-<section>.xml", sitemaps.sitemap_part, name="sitemap_part"),
    path("robots.txt", robots.robots_txt, name="robots_txt"),
    path("contact/", include("contact.urls")),
]

if settings.MEDIA_URL.startswith("/"):
    urlpatterns.append(
        re_path(rf"^{re.escape(settings.MEDIA_URL.lstrip('/'))}(?P<path>.*)$", media.serve_media, name="media")
    )

urlpatterns += [path("", include(wagtail_urls))]

# Never touches the database, so visitors get the French error page even when it is down.
handler500 = "agency_site.errors.server_error"
