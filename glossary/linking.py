"""The glossary as the auto-linking's term source: each live public entry links its term and synonyms."""

from wagtail.models import Site

from agency_site.autolinking.matcher import LinkTarget
from agency_site.pagecache.concerned import site_relative_url
from agency_site.typography import french_typography

from .models import GlossaryEntryPage


class GlossaryTermSource:
    """Entries that allow auto-linking, by tree order: their terms first, then their synonyms."""

    term_page_model = GlossaryEntryPage

    def link_targets(self):
        root_paths = Site.get_site_root_paths()
        entries = (
            GlossaryEntryPage.objects.live()
            .public()
            .filter(autolink_term=True)
            .only("title", "synonyms", "search_variants", "short_definition", "url_path")
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
            synonyms.extend((spelling, target) for spelling in entry.all_terms[1:])
        # Terms before other spellings, so a word that is one entry's term and another's synonym links to the former.
        return [*titles, *synonyms]

    def spellings(self, entry):
        return list(entry.all_terms)
