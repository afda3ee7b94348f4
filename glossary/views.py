"""Admin views of the glossary: the editors' report, import and export."""

import logging
import re

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from wagtail.models import Page

from .forms import GlossaryImportForm
from .models import IMPORT_STALLED_AFTER, GlossaryEntryPage, GlossaryImport, GlossaryIndexPage, GlossarySearchMiss
from .tasks import run_glossary_import
from .transfer.export import write_csv
from .transfer.job import reset_interrupted_import
from .transfer.readers import rows_as_json
from .transfer.upsert import ImportReport

logger = logging.getLogger(__name__)

PAGE_LINK = re.compile(r'<a[^>]*\blinktype="page"[^>]*\bid="(\d+)"')


def glossary_index_for(user, action="publish"):
    index_page = GlossaryIndexPage.objects.first()
    if index_page is None:
        raise PermissionDenied
    permissions = index_page.permissions_for_user(user)
    allowed = permissions.can_publish_subpage() if action == "publish" else permissions.can_add_subpage()
    if not allowed and not user.is_superuser:
        raise PermissionDenied
    return index_page


def broken_internal_links(entries):
    """{entry: [reasons]} for links in bodies, related entries or services that no longer lead to a live page."""
    linked_ids = {}
    for entry in entries:
        ids = set()
        for block in entry.body.raw_data:
            if block["type"] == "paragraph":
                ids.update(int(found) for found in PAGE_LINK.findall(block["value"]))
        linked_ids[entry] = ids
    wanted = set().union(*linked_ids.values()) if linked_ids else set()
    live = set(Page.objects.filter(pk__in=wanted, live=True).values_list("pk", flat=True))
    broken = {}
    for entry, ids in linked_ids.items():
        reasons = [
            _("lien vers la page n° %(id)d, supprimée ou dépubliée") % {"id": page_id} for page_id in sorted(ids - live)
        ]
        reasons += [
            _("terme associé dépublié : %(title)s") % {"title": link.related.title}
            for link in entry.related_entry_links.all()
            if not link.related.live
        ]
        reasons += [
            _("offre dépubliée : %(title)s") % {"title": link.service.title}
            for link in entry.service_links.all()
            if not link.service.live
        ]
        if reasons:
            broken[entry] = reasons
    return broken


def report(request):
    glossary_index_for(request.user, action="add")
    entries = list(
        GlossaryEntryPage.objects.order_by("title")
        .annotate(service_count=Count("service_links"))
        .prefetch_related("related_entry_links__related", "service_links__service")
    )
    return TemplateResponse(
        request,
        "glossary/admin/report.html",
        {
            "page_title": _("Rapport du glossaire"),
            "without_definition": [entry for entry in entries if not entry.short_definition.strip()],
            "without_services": [entry for entry in entries if entry.service_count == 0],
            "broken_links": sorted(broken_internal_links(entries).items(), key=lambda item: item[0].title),
            "search_misses": GlossarySearchMiss.objects.all()[:100],
            "entry_count": len(entries),
        },
    )


def import_entries(request):
    glossary_index_for(request.user)
    if request.method == "POST":
        form = GlossaryImportForm(request.POST, request.FILES)
        if form.is_valid():
            rows = form.cleaned_data["rows"]
            record = GlossaryImport.objects.create(
                dry_run=form.cleaned_data["dry_run"],
                sources=", ".join(upload.name for upload in form.cleaned_data["files"])[:500],
                rows=rows_as_json(rows),
                total=len(rows),
                created_by=request.user,
            )
            start_import(record)
            return redirect("glossary_import_status", pk=record.pk)
    else:
        form = GlossaryImportForm()
    return TemplateResponse(
        request,
        "glossary/admin/import.html",
        {
            "page_title": _("Importer des entrées du glossaire"),
            "form": form,
            "recent_imports": GlossaryImport.objects.defer("rows", "report").select_related("created_by")[:10],
        },
    )


def start_import(record):
    try:
        run_glossary_import.enqueue(record.pk)
    except Exception:
        logger.exception("Could not enqueue glossary import %s", record.pk)
        GlossaryImport.objects.filter(pk=record.pk, status=GlossaryImport.Status.PENDING).update(
            status=GlossaryImport.Status.FAILED,
            failure=_("la tâche de fond n’a pas pu être lancée"),
            finished_at=timezone.now(),
        )


def import_progress_text(record):
    return ngettext("%(processed)d / %(total)d ligne", "%(processed)d / %(total)d lignes", record.total) % {
        "processed": record.processed,
        "total": record.total,
    }


def import_status_text(record):
    if record.interrupted:
        minutes = int(IMPORT_STALLED_AFTER.total_seconds() // 60)
        return _(
            "Import interrompu : aucune progression depuis plus de %(minutes)d minutes, "
            "le traitement en arrière-plan s’est arrêté."
        ) % {"minutes": minutes}
    if record.status == GlossaryImport.Status.PENDING:
        return _("En attente : l’import démarrera dès que la file de tâches sera libre.")
    return _("Import en cours…")


def import_status(request, pk):
    glossary_index_for(request.user)
    record = get_object_or_404(GlossaryImport.objects.defer("rows").select_related("created_by"), pk=pk)
    return TemplateResponse(
        request,
        "glossary/admin/import_status.html",
        {
            "page_title": _("Import du glossaire"),
            "record": record,
            "status_text": import_status_text(record),
            "progress_text": import_progress_text(record),
            "result": ImportReport.from_json(record.report) if record.report else None,
            # The sentence brings its own full stop, whether or not the stored reason ends with one.
            "failure_reason": record.failure.rstrip(" ."),
            # The rows are cleared when an import finishes: without them there is nothing to run again.
            "can_relaunch": record.interrupted and GlossaryImport.objects.filter(pk=pk).exclude(rows=[]).exists(),
        },
    )


@require_POST
def relaunch_import(request, pk):
    """Queue again an import whose worker died: it starts over from its stored rows, upserting by slug."""
    glossary_index_for(request.user)
    record = get_object_or_404(GlossaryImport.objects.only("pk"), pk=pk)
    if reset_interrupted_import(record.pk):
        start_import(record)
    else:
        messages.error(
            request,
            _(
                "Cet import ne peut pas être relancé : il a repris ou s’est terminé, ou ses lignes ne sont plus conservées."
            ),
        )
    return redirect("glossary_import_status", pk=record.pk)


def import_progress(request, pk):
    """The status page polls this while the import runs."""
    glossary_index_for(request.user)
    record = get_object_or_404(GlossaryImport.objects.only("status", "processed", "total", "updated_at"), pk=pk)
    return JsonResponse(
        {
            "status": record.status,
            "status_text": import_status_text(record),
            "processed": record.processed,
            "total": record.total,
            "text": import_progress_text(record),
            "finished": record.finished,
            "interrupted": record.interrupted,
        },
        headers={"Cache-Control": "no-store"},
    )


def export_entries(request):
    index_page = glossary_index_for(request.user, action="add")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    filename = f"glossaire-{timezone.localdate():%Y-%m-%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")  # Excel needs the BOM to read UTF-8 accents.
    write_csv(response, index_page)
    return response
