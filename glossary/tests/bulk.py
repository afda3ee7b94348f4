"""Live entries written in bulk, placed in the tree as treebeard would: thousands in seconds, for tests and benches."""

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from wagtail.models import Locale, Page

from agency_site.pagecache.invalidation import bump_content_version
from glossary.models import GlossaryEntryPage, refresh_planner_statistics

CHUNK = 1000


def bulk_add_entries(index_page, entries):
    """Add unsaved GlossaryEntryPage instances (title, short_definition…) as live children of the index.

    A missing slug comes from the title and the entry's position, a missing first publication date is now.
    """
    index_page.refresh_from_db()
    content_type = ContentType.objects.get_for_model(GlossaryEntryPage)
    locale = Locale.get_default()
    local_fields = list(GlossaryEntryPage._meta.local_concrete_fields)
    now = timezone.now()
    with transaction.atomic():
        for offset in range(0, len(entries), CHUNK):
            chunk = entries[offset : offset + CHUNK]
            for position, entry in enumerate(chunk, start=index_page.numchild + 1):
                entry.slug = entry.slug or f"{slugify(entry.title)[:40]}-{position}"
                entry.draft_title = entry.title
                entry.path = GlossaryEntryPage._get_path(index_page.path, index_page.depth + 1, position)
                entry.depth = index_page.depth + 1
                entry.numchild = 0
                entry.url_path = f"{index_page.url_path}{entry.slug}/"
                entry.live = True
                entry.first_published_at = entry.first_published_at or now
                entry.last_published_at = entry.last_published_at or entry.first_published_at
                entry.content_type = content_type
                entry.locale = locale
                entry.refresh_search_columns()
            pages = Page.objects.bulk_create([Page(**page_values(entry)) for entry in chunk])
            for entry, page in zip(chunk, pages, strict=True):
                entry.page_ptr_id = entry.pk = page.pk
            GlossaryEntryPage.objects.all()._batched_insert(chunk, local_fields, batch_size=500)
            index_page.numchild += len(chunk)
            Page.objects.filter(pk=index_page.pk).update(numchild=index_page.numchild)
    # Rows written without signals: say the content changed, as publishing them would, so no kept count is stale.
    bump_content_version("entries added in bulk")
    refresh_planner_statistics()
    return entries


def page_values(entry):
    return {
        field.attname: getattr(entry, field.attname) for field in Page._meta.concrete_fields if field.attname != "id"
    }
