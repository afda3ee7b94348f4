"""The sitemap of every live public page: one file while they fit in SITEMAP_PAGE_SIZE, else a sitemap index."""

from django.conf import settings
from django.contrib.sitemaps import views as sitemap_views
from django.db.models import Max
from django.db.models.functions import Coalesce
from wagtail.contrib.sitemaps import Sitemap

SECTION = "pages"


class PageSitemap(Sitemap):
    @property
    def limit(self):
        return settings.SITEMAP_PAGE_SIZE

    def get_latest_lastmod(self):
        # One aggregate: Django's default reads every page to find the latest date.
        latest = Coalesce("last_published_at", "latest_revision_created_at")
        return self.items().order_by().aggregate(latest=Max(latest))["latest"]


def sitemap(request):
    """/sitemap.xml, the address robots.txt gives: the pages themselves, or the index of the files holding them."""
    sitemaps = {SECTION: PageSitemap(request)}
    if sitemaps[SECTION].paginator.num_pages > 1:
        return sitemap_views.index(request, sitemaps, sitemap_url_name="sitemap_part")
    return sitemap_views.sitemap(request, sitemaps)


def sitemap_part(request, section):
    """One file of a split sitemap: /sitemap-pages.xml, then ?p=2, ?p=3… (an unknown one is a 404)."""
    return sitemap_views.sitemap(request, {SECTION: PageSitemap(request)}, section=section)
