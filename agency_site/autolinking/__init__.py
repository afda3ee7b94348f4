"""Auto-linking: pages that opt in (AutoLinkedPage) get their body linked to the terms of the registered sources."""

from typing import Protocol

_term_sources = []


class TermSource(Protocol):
    """What the engine asks of a source of terms: the pages that define terms and where each term links."""

    # The page model whose publish, unpublish, view restriction or deletion changes the terms.
    term_page_model: type

    def link_targets(self):
        """(spelling, LinkTarget) pairs of every term that may be linked, the preferred spellings first."""

    def spellings(self, term_page):
        """Every spelling of a term page, so the pages that mention it can be found."""


def register_term_source(source):
    """Add a source of terms; an app registers its own from AppConfig.ready."""
    from .signals import connect_term_source

    if source not in _term_sources:
        _term_sources.append(source)
        connect_term_source(source)


def term_sources():
    return list(_term_sources)
