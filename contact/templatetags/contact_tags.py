"""Template tags of the contact form: the form on any page, the privacy notice and its link."""

from crispy_forms.utils import render_crispy_form
from django import template
from wagtail.models import Site

from agency_site.errors import DATABASE_UNAVAILABLE
from agency_site.models import StandardPage
from agency_site.pagecache.entries import cached_for_content_version
from contact.forms import ContactForm
from contact.pipeline import privacy_notice_text

register = template.Library()

PRIVACY_SLUG = "confidentialite"


@register.inclusion_tag("components/contact_form.html", takes_context=True)
def contact_form(context, form_title="", form_subtitle=""):
    """The contact form on the current page: empty, or as the visitor posted it when the view sends it back."""
    page = context.get("page")
    return {
        "request": context.get("request"),
        # The form shown alone during a database outage has no page, only the id the visitor posted.
        "source_page_id": page.pk if page is not None else context.get("source_page_id"),
        "form": context.get("contact_form") or ContactForm(),
        "contact_needs_confirmation": context.get("contact_needs_confirmation", False),
        "form_title": form_title,
        "form_subtitle": form_subtitle,
    }


# The empty form's fields as crispy-forms renders them: the same HTML on every page, and a third of an entry's
# render time, so rendered once per process (the templates and the form only change with a new release).
_empty_form_fields = {}


@register.simple_tag
def contact_form_fields(form):
    """The form's fields and labels (crispy-forms); the empty form's from this process's copy."""
    if form.is_bound:
        return render_crispy_form(form)
    fields = _empty_form_fields.get(type(form))
    if fields is None:
        fields = _empty_form_fields[type(form)] = render_crispy_form(form)
    return fields


@register.simple_tag(takes_context=True)
def privacy_page_url(context):
    """The live privacy page of the current site (the same for every visitor, so cache-safe)."""
    request = context.get("request")

    def find_url():
        page = StandardPage.objects.live().filter(slug=PRIVACY_SLUG).first()
        return f"/{PRIVACY_SLUG}/" if page is None else page.get_url(request=request)

    try:
        site = Site.find_for_request(request) if request is not None else None
        # Under every form: looked up once, then again only when the content changes.
        return cached_for_content_version("privacy-page-url", site, find_url)
    except DATABASE_UNAVAILABLE:
        # The form shown alone while the database is down: the page's usual address.
        return f"/{PRIVACY_SLUG}/"


@register.simple_tag
def privacy_notice():
    return privacy_notice_text()
