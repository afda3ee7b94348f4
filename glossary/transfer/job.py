"""The background job of an admin import: claiming it, writing its progress, storing its report."""

import logging
import time

from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import GlossaryImport
from . import upsert
from .readers import ImportRow

logger = logging.getLogger(__name__)

# An admin import writes its progress at most this often (seconds): the status page polls every second.
PROGRESS_WRITE_INTERVAL = 0.5


def run_stored_import(import_pk):
    """Run an import the admin stored, writing its progress and then its report on the record."""
    claimed = GlossaryImport.objects.filter(pk=import_pk, status=GlossaryImport.Status.PENDING).update(
        status=GlossaryImport.Status.RUNNING, started_at=timezone.now(), updated_at=timezone.now()
    )
    if not claimed:
        return  # A job delivered twice never runs an import twice.
    record = GlossaryImport.objects.select_related("created_by").get(pk=import_pk)
    rows = [ImportRow(**row) for row in record.rows]
    written_at = [0.0]

    def record_progress(done, steps):
        # import_rows counts a step per row and pass; editors read lines, so scale to the row count.
        now = time.monotonic()
        if done < steps and now - written_at[0] < PROGRESS_WRITE_INTERVAL:
            return
        written_at[0] = now
        GlossaryImport.objects.filter(pk=import_pk).update(
            processed=done * len(rows) // max(steps, 1), updated_at=timezone.now()
        )

    try:
        report = upsert.import_rows(rows, dry_run=record.dry_run, progress=record_progress, user=record.created_by)
    except Exception:
        logger.exception("Glossary import %s failed", import_pk)
        GlossaryImport.objects.filter(pk=import_pk).update(
            status=GlossaryImport.Status.FAILED,
            failure=_("erreur technique pendant l’import, consignée dans le journal du serveur"),
            finished_at=timezone.now(),
            updated_at=timezone.now(),
        )
        raise
    # The report is the history: the rows, up to megabytes of Markdown, are no longer needed.
    GlossaryImport.objects.filter(pk=import_pk).update(
        status=GlossaryImport.Status.DONE,
        processed=len(rows),
        report=report.as_json(),
        rows=[],
        finished_at=timezone.now(),
        updated_at=timezone.now(),
    )
    return report.summary()


def reset_interrupted_import(import_pk):
    """Put an interrupted import back in the queue's hands; False when it is not interrupted or its rows are gone."""
    return bool(
        GlossaryImport.objects.filter(
            pk=import_pk,
            status__in=[GlossaryImport.Status.PENDING, GlossaryImport.Status.RUNNING],
            updated_at__lt=GlossaryImport.stalled_before(),
        )
        .exclude(rows=[])
        .update(status=GlossaryImport.Status.PENDING, processed=0, started_at=None, updated_at=timezone.now())
    )
