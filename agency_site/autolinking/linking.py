"""Computing and storing the auto-linked body of published pages, finding the pages to re-link, pausing it."""

import threading
from contextlib import contextmanager

import ahocorasick
from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils.html import strip_tags
from wagtail.models import Page

from agency_site.pagecache.invalidation import one_bump_per_transaction
from agency_site.text import fold_term, plural_variants

from . import term_sources
from .matcher import TermMatcher
from .models import AutoLinkedBody, AutoLinkedPage

DEFAULT_MAX_LINKS = 10
# Up to this many term pages and spellings, the database finds the pages to re-link (a query each); past it, as
# after an import of thousands of entries, one pass over the stored bodies with an automaton costs less.
QUERIED_TERMS_AND_SPELLINGS = 50
# Pages re-linked per transaction, and stored bodies read per round trip.
RELINK_CHUNK = 500
# A re-link of this many pages at most names them to the page cache (relink_pages).
RELINK_NAMED_PAGES = 200

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
    values = {
        "html": html,
        "folded_text": fold_term(strip_tags(source)),
        "linked_entries": "|" + "".join(f"{entry_id}|" for entry_id in linked),
    }
    stored = AutoLinkedBody.objects.filter(page_id=page.pk).first()
    if stored is None:
        # update_or_create: a re-link running at the same moment may create it too.
        stored, _ = AutoLinkedBody.objects.update_or_create(page_id=page.pk, defaults=values)
    elif any(getattr(stored, field) != value for field, value in values.items()):
        for field, value in values.items():
            setattr(stored, field, value)
        stored.save()
    # Else unchanged: no write, so no new content version and the page keeps standing in (page cache).
    return stored


def pages_to_relink(terms):
    """Ids of the pages that link to one of the term pages or mention one of their spellings, old or new.

    terms: {term page id: its spellings}. The term pages themselves are left out: whoever changed them links them.
    """
    term_page_ids = set(terms)
    variants = {
        variant
        for spellings in terms.values()
        for spelling in spellings
        for variant in plural_variants(fold_term(spelling))
    }
    variants.discard("")
    if len(term_page_ids) + len(variants) <= QUERIED_TERMS_AND_SPELLINGS:
        page_ids = pages_found_by_queries(term_page_ids, variants)
    else:
        page_ids = pages_found_by_scan(term_page_ids, variants)
    return page_ids - term_page_ids


def pages_found_by_queries(term_page_ids, variants):
    stored = AutoLinkedBody.objects.all()
    linking = Q(pk__in=[])
    for term_page_id in term_page_ids:
        linking |= Q(linked_entries__contains=f"|{term_page_id}|")
    page_ids = set(stored.filter(linking).values_list("page_id", flat=True))
    for variant in variants:
        page_ids.update(stored.filter(folded_text__contains=variant).values_list("page_id", flat=True))
    return page_ids


def pages_found_by_scan(term_page_ids, variants):
    """One pass over the stored bodies: their linked term pages, and an automaton over the spellings."""
    automaton = ahocorasick.Automaton()
    for variant in variants:
        automaton.add_word(variant, variant)
    if variants:
        automaton.make_automaton()
    page_ids = set()
    stored = AutoLinkedBody.objects.values_list("page_id", "folded_text", "linked_entries")
    for page_id, folded_text, linked_entries in stored.iterator(chunk_size=RELINK_CHUNK):
        linked = {int(entry_id) for entry_id in linked_entries.strip("|").split("|") if entry_id}
        if not linked.isdisjoint(term_page_ids) or (variants and next(automaton.iter(folded_text), None)):
            page_ids.add(page_id)
    return page_ids


def relink_pages(page_ids):
    """Re-link these pages with one matcher, a transaction per chunk: one commit and one content version each.

    Up to RELINK_NAMED_PAGES pages (the pages mentioning a term just published), each page whose links change is
    named to the page cache, which serves it from before no longer (pagecache/concerned.py); past it (an import, a
    whole re-link), none is: they stand in while they render anew, as after any edit of many pages."""
    matcher = build_matcher()
    page_ids = sorted(page_ids)
    name_pages = len(page_ids) <= RELINK_NAMED_PAGES
    for offset in range(0, len(page_ids), RELINK_CHUNK):
        with transaction.atomic(), one_bump_per_transaction(name_pages=name_pages):
            for page in Page.objects.filter(pk__in=page_ids[offset : offset + RELINK_CHUNK]).specific():
                relink_page(page, matcher)
    return len(page_ids)


def auto_linked_page_models():
    return [model for model in apps.get_models() if issubclass(model, AutoLinkedPage)]


def relink_all():
    """Re-link every live page of every auto-linked page type: the relink command, and restrictions on many terms."""
    page_ids = set()
    for model in auto_linked_page_models():
        page_ids.update(model.objects.live().values_list("pk", flat=True))
    return relink_pages(page_ids)
