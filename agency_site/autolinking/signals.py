"""Keeps stored auto-linked bodies in step with publishing, view restrictions and deletions."""

from django.db.models.signals import post_delete, post_save
from wagtail import hooks
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished

from agency_site.pagecache.concerned import CONCERNED_PAGES_HOOK

from . import term_sources
from .linking import is_paused, relink_page
from .models import AutoLinkedBody, AutoLinkedPage
from .tasks import relink_every_page, relink_pages_mentioning

# Past this many term pages under one restriction, re-linking every page costs less than one job per term.
RESTRICTION_TERMS_PER_JOB = 50


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


def on_view_restriction_changed(sender, instance, **kwargs):
    """A restriction hides its page's terms from the public like an unpublish; lifting it shows them like a publish."""
    if is_paused():
        return
    restricted = Page.objects.filter(pk=instance.page_id).first()
    if restricted is None:
        return  # The page itself is being deleted: its deletion re-links.
    term_pages = [
        (source, page)
        for source in term_sources()
        for page in source.term_page_model.objects.descendant_of(restricted, inclusive=True).live()
    ]
    if len(term_pages) > RESTRICTION_TERMS_PER_JOB:
        relink_every_page.enqueue()
        return
    for source, page in term_pages:
        relink_pages_mentioning.enqueue(page.pk, list(source.spellings(page)))


@hooks.register(CONCERNED_PAGES_HOOK)
def page_of_linked_body(instance):
    """A page re-linked (a term it links to changed: its name, its definition in the popover) shows the change."""
    if isinstance(instance, AutoLinkedBody):
        return Page.objects.filter(pk=instance.page_id, live=True).only("url_path")
    return ()


def connect():
    page_published.connect(on_page_published, dispatch_uid="autolinking_relink_on_publish")
    page_unpublished.connect(on_page_unpublished, dispatch_uid="autolinking_relink_on_unpublish")
    post_save.connect(on_view_restriction_changed, sender=PageViewRestriction, dispatch_uid="autolinking_restrict")
    post_delete.connect(on_view_restriction_changed, sender=PageViewRestriction, dispatch_uid="autolinking_unrestrict")


def connect_term_source(source):
    post_delete.connect(
        on_term_page_deleted, sender=source.term_page_model, dispatch_uid=f"autolinking_relink_on_delete_{id(source)}"
    )
