"""Template tags of the contact form: the privacy notice and its link."""

from django import template
from wagtail.models import Site

from agency_site.models import StandardPage
from agency_site.pagecache.entries import cached_for_content_version
from contact.pipeline import privacy_notice_text

register = template.Library()

PRIVACY_SLUG = "confidentialite"


@register.simple_tag(takes_context=True)
def privacy_page_url(context):
    """The live privacy page of the current site (the same for every visitor, so cache-safe)."""
    request = context.get("request")
    site = Site.find_for_request(request) if request is not None else None

    def find_url():
        page = StandardPage.objects.live().filter(slug=PRIVACY_SLUG).first()
        return f"/{PRIVACY_SLUG}/" if page is None else page.get_url(request=request)

    # Under every form: looked up once, then again only when the content changes.
    return cached_for_content_version("privacy-page-url", site, find_url)


@register.simple_tag
def privacy_notice():
    return privacy_notice_text()
