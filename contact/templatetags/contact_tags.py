"""Template tags of the contact form: the privacy notice and its link."""

from django import template

from agency_site.models import StandardPage
from contact.pipeline import privacy_notice_text

register = template.Library()

PRIVACY_SLUG = "confidentialite"


@register.simple_tag(takes_context=True)
def privacy_page_url(context):
    """The live privacy page of the current site (the same for every visitor, so cache-safe)."""
    request = context.get("request")
    page = StandardPage.objects.live().filter(slug=PRIVACY_SLUG).first()
    if page is None:
        return f"/{PRIVACY_SLUG}/"
    return page.get_url(request=request)


@register.simple_tag
def privacy_notice():
    return privacy_notice_text()
