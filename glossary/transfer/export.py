"""Exporting the glossary as CSV, one row per entry, in the columns the import reads."""

from agency_site.spreadsheets import csv_dict_writer

from ..models import GlossaryEntryPage
from .markdown import stream_to_markdown

COLUMNS = [
    "slug",
    "title",
    "short_definition",
    "synonyms",
    "search_variants",
    "category",
    "related",
    "services",
    "seo_title",
    "search_description",
    "autolink_term",
    "body",
]
LIST_SEPARATOR = "|"


def export_rows(index_page=None):
    entries = GlossaryEntryPage.objects.order_by("path").select_related("category")
    if index_page is not None:
        entries = entries.child_of(index_page)
    entries = entries.prefetch_related("related_entry_links__related", "service_links__service")
    for entry in entries:
        yield {
            "slug": entry.slug,
            "title": entry.title,
            "short_definition": entry.short_definition,
            "synonyms": f" {LIST_SEPARATOR} ".join(entry.synonym_list),
            "search_variants": f" {LIST_SEPARATOR} ".join(entry.search_variant_list),
            "category": entry.category.name if entry.category else "",
            "related": f" {LIST_SEPARATOR} ".join(link.related.slug for link in entry.related_entry_links.all()),
            "services": f" {LIST_SEPARATOR} ".join(link.service.slug for link in entry.service_links.all()),
            "seo_title": entry.seo_title,
            "search_description": entry.search_description,
            "autolink_term": "oui" if entry.autolink_term else "non",
            "body": stream_to_markdown(entry.body),
        }


def write_csv(output, index_page=None):
    # Every cell quoted and no formula run, even in a French spreadsheet that splits on semicolons.
    writer = csv_dict_writer(output, fieldnames=COLUMNS)
    writer.writeheader()
    count = 0
    for row in export_rows(index_page):
        writer.writerow(row)
        count += 1
    return count
