"""Keeps stored auto-linked bodies in step with publishing and deletions."""

from django.db.models.signals import post_delete
from wagtail.signals import page_published, page_unpublished

from . import term_sources
from .linking import is_paused, relink_page
from .models import AutoLinkedBody, AutoLinkedPage
from .tasks import relink_pages_mentioning


def relink_mentions_of(page):
    """Queue the re-linking of the pages that mention the page, when it defines a term."""
    for source in term_sources():
        if isinstance(page, source.term_page_model):
            # Pages linking to a term under an old name are found by their stored links: renames need no history.
            relink_pages_mentioning.enqueue(page.pk, list(source.spellings(page)))


def on_page_published(sender, instance, **kwargs):
    if is_paused():
        return
    page = instance.specific
    if isinstance(page, AutoLinkedPage):
        relink_page(page)
    relink_mentions_of(page)


def on_page_unpublished(sender, instance, **kwargs):
    if is_paused():
        return
    AutoLinkedBody.objects.filter(page_id=instance.pk).delete()
    relink_mentions_of(instance.specific)


def on_term_page_deleted(sender, instance, **kwargs):
    if is_paused():
        return
    relink_mentions_of(instance)


def connect():
    page_published.connect(on_page_published, dispatch_uid="autolinking_relink_on_publish")
    page_unpublished.connect(on_page_unpublished, dispatch_uid="autolinking_relink_on_unpublish")


def connect_term_source(source):
    post_delete.connect(
        on_term_page_deleted, sender=source.term_page_model, dispatch_uid=f"autolinking_relink_on_delete_{id(source)}"
    )
