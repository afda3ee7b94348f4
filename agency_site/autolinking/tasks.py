"""Background jobs of the auto-linking: re-linking the pages that mention a term after it changes, or all."""

from django.tasks import task

from .linking import pages_to_relink, relink_all, relink_pages


@task()
def relink_pages_mentioning(term_page_id, spellings):
    """Re-link the pages that link to the term page or mention its spellings (old and new)."""
    return relink_pages(pages_to_relink({term_page_id: spellings}))


@task()
def relink_every_page():
    """Re-link every auto-linked page, when a change touches too many terms to follow them one by one."""
    return relink_all()
