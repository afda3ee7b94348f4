"""Computing and storing the auto-linked body of published pages, and finding the pages to re-link."""

from django.conf import settings
from django.utils.html import strip_tags
from wagtail.models import Page, Site

from agency_site.typography import french_typography

from .autolink import LinkTarget, TermMatcher
from .models import AutoLinkedBody, AutoLinkedPage, GlossaryEntryPage
from .text import fold_term, plural_variants

DEFAULT_MAX_LINKS = 10


def max_links_per_page():
    return getattr(settings, "GLOSSARY_AUTOLINK_MAX_LINKS", DEFAULT_MAX_LINKS)


def site_relative_url(url_path, root_paths):
    """The public URL of a page from its url_path, without a query per page."""
    for root in root_paths:
        if url_path.startswith(root.root_path):
            return "/" + url_path[len(root.root_path) :]
    return url_path


def build_matcher():
    """A matcher over every live entry that allows auto-linking: its term first, then its synonyms."""
    root_paths = Site.get_site_root_paths()
    entries = (
        GlossaryEntryPage.objects.live()
        .public()
        .filter(autolink_term=True)
        .only("title", "synonyms", "short_definition", "url_path")
        .order_by("path")
    )
    titles, synonyms = [], []
    for entry in entries:
        target = LinkTarget(
            entry_id=entry.pk,
            url=site_relative_url(entry.url_path, root_paths),
            title=entry.title,
            # The popover's text sits in an attribute, which the page's typography pass leaves alone.
            definition=french_typography(entry.short_definition),
        )
        titles.append((entry.title, target))
        synonyms.extend((synonym, target) for synonym in entry.synonym_list)
    # Terms before synonyms, so a word that is one entry's term and another's synonym links to the former.
    return TermMatcher([*titles, *synonyms])


def render_body(page):
    """The body as the page template renders it, block by block (render_as_block would add wrappers)."""
    return "\n".join(str(child.render()) for child in page.body)


def relink_page(page, matcher=None):
    """Store the linked body of a live page with auto-linking on; drop it otherwise."""
    page = page.specific
    if not isinstance(page, AutoLinkedPage):
        return None
    if not page.live or not page.autolink_enabled:
        AutoLinkedBody.objects.filter(page_id=page.pk).delete()
        return None
    if matcher is None:
        matcher = build_matcher()
    source = render_body(page)
    html, linked = matcher.link_html(source, exclude_entry_id=page.pk, max_links=max_links_per_page())
    stored, _ = AutoLinkedBody.objects.update_or_create(
        page_id=page.pk,
        defaults={
            "html": html,
            "folded_text": fold_term(strip_tags(source)),
            "linked_entries": "|" + "".join(f"{entry_id}|" for entry_id in linked),
        },
    )
    return stored


def pages_to_relink(entry_id, spellings):
    """Ids of the pages that link to the entry or mention one of its spellings."""
    stored = AutoLinkedBody.objects.exclude(page_id=entry_id)
    page_ids = set(stored.filter(linked_entries__contains=f"|{entry_id}|").values_list("page_id", flat=True))
    variants = {variant for spelling in spellings for variant in plural_variants(fold_term(spelling)) if variant}
    for variant in variants:
        page_ids.update(stored.filter(folded_text__contains=variant).values_list("page_id", flat=True))
    return page_ids


def relink_pages(page_ids):
    matcher = build_matcher()
    for page in Page.objects.filter(pk__in=page_ids).specific():
        relink_page(page, matcher)
    return len(page_ids)


def relink_all():
    """Re-link every auto-linked page type; used by the demo loader and the relink command."""
    from services.models import ServicePage

    matcher = build_matcher()
    count = 0
    for model in (GlossaryEntryPage, ServicePage):
        for page in model.objects.live():
            relink_page(page, matcher)
            count += 1
    return count
