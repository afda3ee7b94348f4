"""Computing and storing the auto-linked body of published pages, finding the pages to re-link, pausing it."""

import threading
from contextlib import contextmanager

from django.apps import apps
from django.conf import settings
from django.utils.html import strip_tags
from wagtail.models import Page

from agency_site.text import fold_term, plural_variants

from . import term_sources
from .matcher import TermMatcher
from .models import AutoLinkedBody, AutoLinkedPage

DEFAULT_MAX_LINKS = 10

_state = threading.local()


@contextmanager
def relinking_paused():
    """Bulk loads publish many pages: they re-link once at the end instead of after every publish."""
    _state.paused = True
    try:
        yield
    finally:
        _state.paused = False


def is_paused():
    return getattr(_state, "paused", False)


def max_links_per_page():
    return getattr(settings, "GLOSSARY_AUTOLINK_MAX_LINKS", DEFAULT_MAX_LINKS)


def site_relative_url(url_path, root_paths):
    """The public URL of a page from its url_path, without a query per page."""
    for root in root_paths:
        if url_path.startswith(root.root_path):
            return "/" + url_path[len(root.root_path) :]
    return url_path


def build_matcher():
    """A matcher over the terms of every registered source."""
    return TermMatcher([pair for source in term_sources() for pair in source.link_targets()])


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


def pages_to_relink(term_page_id, spellings):
    """Ids of the pages that link to the term page or mention one of its spellings."""
    stored = AutoLinkedBody.objects.exclude(page_id=term_page_id)
    page_ids = set(stored.filter(linked_entries__contains=f"|{term_page_id}|").values_list("page_id", flat=True))
    variants = {variant for spelling in spellings for variant in plural_variants(fold_term(spelling)) if variant}
    for variant in variants:
        page_ids.update(stored.filter(folded_text__contains=variant).values_list("page_id", flat=True))
    return page_ids


def relink_pages(page_ids):
    matcher = build_matcher()
    for page in Page.objects.filter(pk__in=page_ids).specific():
        relink_page(page, matcher)
    return len(page_ids)


def auto_linked_page_models():
    return [model for model in apps.get_models() if issubclass(model, AutoLinkedPage)]


def relink_all():
    """Re-link every live page of every auto-linked page type; used by imports, the demo and the relink command."""
    matcher = build_matcher()
    count = 0
    for model in auto_linked_page_models():
        for page in model.objects.live():
            relink_page(page, matcher)
            count += 1
    return count
