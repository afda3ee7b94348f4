"""Admin views of the glossary: the editors' report, import and export."""

import re

from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Page

from .forms import GlossaryImportForm
from .models import GlossaryEntryPage, GlossaryIndexPage, GlossarySearchMiss
from .transfer import ImportRow, import_rows, parse_front_matter, read_csv, write_csv

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


def rows_from_uploads(uploads):
    for upload in uploads:
        text = upload.read().decode("utf-8-sig", errors="replace")
        if upload.name.lower().endswith(".csv"):
            yield from read_csv(text, source=upload.name)
            continue
        try:
            metadata, body = parse_front_matter(text)
        except ValueError as error:
            yield ImportRow(source=upload.name, line=1, values={"__error__": str(error)})
            continue
        metadata.setdefault("short_definition", metadata.pop("definition", ""))
        metadata.setdefault("slug", upload.name.rsplit(".", 1)[0])
        yield ImportRow(source=upload.name, line=1, values={**metadata, "body": body.strip()})


def import_entries(request):
    index_page = glossary_index_for(request.user)
    result = None
    if request.method == "POST":
        form = GlossaryImportForm(request.POST, request.FILES)
        if form.is_valid():
            result = import_rows(
                rows_from_uploads(form.cleaned_data["files"]),
                index_page=index_page,
                dry_run=form.cleaned_data["dry_run"],
                user=request.user,
            )
    else:
        form = GlossaryImportForm()
    return TemplateResponse(
        request,
        "glossary/admin/import.html",
        {"page_title": _("Importer des entrées du glossaire"), "form": form, "result": result},
    )


def export_entries(request):
    index_page = glossary_index_for(request.user, action="add")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    filename = f"glossaire-{timezone.localdate():%Y-%m-%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")  # Excel needs the BOM to read UTF-8 accents.
    write_csv(response, index_page)
    return response
