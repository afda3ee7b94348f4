"""Keeps stored auto-linked bodies in step with publishing."""

import threading
from contextlib import contextmanager

from django.db.models.signals import post_delete
from wagtail.signals import page_published, page_unpublished

from .models import AutoLinkedBody, AutoLinkedPage, GlossaryEntryPage

_state = threading.local()


@contextmanager
def relinking_paused():
    """Bulk loads publish many pages: they re-link once at the end instead of after every publish."""
    _state.paused = True
    try:
        yield
    finally:
        _state.paused = False


def is_paused():
    return getattr(_state, "paused", False)


def entry_spellings(entry):
    return list(entry.all_terms)


def on_page_published(sender, instance, **kwargs):
    if is_paused():
        return
    from .linking import relink_page
    from .tasks import relink_pages_mentioning

    page = instance.specific
    if isinstance(page, AutoLinkedPage):
        relink_page(page)
    if isinstance(page, GlossaryEntryPage):
        # Pages linking to the entry under an old name are found by their stored links, so renames need no history.
        relink_pages_mentioning.enqueue(page.pk, entry_spellings(page))


def on_page_unpublished(sender, instance, **kwargs):
    if is_paused():
        return
    from .tasks import relink_pages_mentioning

    AutoLinkedBody.objects.filter(page_id=instance.pk).delete()
    page = instance.specific
    if isinstance(page, GlossaryEntryPage):
        relink_pages_mentioning.enqueue(page.pk, entry_spellings(page))


def on_entry_deleted(sender, instance, **kwargs):
    if is_paused():
        return
    from .tasks import relink_pages_mentioning

    relink_pages_mentioning.enqueue(instance.pk, entry_spellings(instance))


def connect():
    page_published.connect(on_page_published, dispatch_uid="glossary_relink_on_publish")
    page_unpublished.connect(on_page_unpublished, dispatch_uid="glossary_relink_on_unpublish")
    post_delete.connect(on_entry_deleted, sender=GlossaryEntryPage, dispatch_uid="glossary_relink_on_delete")
