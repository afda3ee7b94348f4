"""Background job of the glossary: running an import an editor started from the admin."""

from django.tasks import task


@task()
def run_glossary_import(import_pk):
    """Run an import an editor started from the admin, recording its progress for the status page."""
    from .transfer.job import run_stored_import

    return run_stored_import(import_pk)
