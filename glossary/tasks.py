"""Background jobs: re-linking the pages that mention an entry after it changes, running an admin import."""

from django.tasks import task


@task()
def relink_pages_mentioning(entry_id, spellings):
    """Re-link the pages that link to the entry or mention its term or synonyms (old and new spellings)."""
    from .linking import pages_to_relink, relink_pages

    return relink_pages(pages_to_relink(entry_id, spellings))


@task()
def run_glossary_import(import_pk):
    """Run an import an editor started from the admin, recording its progress for the status page."""
    from .transfer import run_stored_import

    return run_stored_import(import_pk)
