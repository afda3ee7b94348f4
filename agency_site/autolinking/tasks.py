"""Background job of the auto-linking: re-linking the pages that mention a term after it changes."""

from django.tasks import task

from .linking import pages_to_relink, relink_pages


@task()
def relink_pages_mentioning(term_page_id, spellings):
    """Re-link the pages that link to the term page or mention its spellings (old and new)."""
    return relink_pages(pages_to_relink(term_page_id, spellings))
