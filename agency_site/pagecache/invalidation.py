"""What replaces the content version: every event that changes what a public page shows, and the CDN purge.

A record of the project's own apps is taken to show on public pages; a model that visitors write and
no page shows (a search miss, a contact submission) says so with `invalidates_page_cache = False`, so
that visitors can never empty the cache. Of the libraries' models, Wagtail's pages, sites, settings,
images, documents and view restrictions count, and tags.

Each change is an edit or a withdrawal (version.py). A withdrawal is whatever can take content off the public
site: an unpublish, a deletion of any record, a view restriction added or removed, a move or a new slug, a site's
hostnames. An edit is any other save or publish: the content stays public, only its words change, so the page
stored before it may stand in, for PAGE_CACHE_STALE_SECONDS at most, while the new one renders, except the pages
the edit concerns (concerned.py): the published page, the pages listing or linking to it, which never do.
"""

import logging
import threading
from contextlib import contextmanager

from django.apps import apps
from django.conf import settings
from django.db import transaction

from .concerned import pages_concerned
from .release import is_project_path
from .version import replace_version

logger = logging.getLogger(__name__)

# Page fields Wagtail writes when an editor saves a draft or locks a page: the live page does not change.
DRAFT_BOOKKEEPING_FIELDS = {
    "latest_revision",
    "latest_revision_created_at",
    "draft_title",
    "has_unpublished_changes",
    "wagtail_admin_comments",
    "locked",
    "locked_at",
    "locked_by",
}
OPT_OUT_ATTRIBUTE = "invalidates_page_cache"


_state = threading.local()


@contextmanager
def one_bump_per_transaction(name_pages=False):
    """Bulk writes (an import) save thousands of records in one transaction: replace the version at the first
    change and once the transaction commits, not at every save. Nobody sees the rows before the commit, and the
    bump after it makes every page stored meanwhile a miss. The pages the writes concern (concerned.py) are named
    only with `name_pages` (a re-linking, a page per record): an import edits too many to name, at a query each."""
    outer = getattr(_state, "coalescing", False), getattr(_state, "naming", True)
    _state.coalescing, _state.naming = True, name_pages
    try:
        yield
    finally:
        _state.coalescing, _state.naming = outer


def bump_content_version(reason="", withdrawal=False, concerned=()):
    """Make every stored page a miss, now and again once the current transaction commits (a withdrawal if any
    change of the transaction was one); the pages at the paths `concerned` (concerned.py) never stand in for it."""
    connection = transaction.get_connection()
    bumped_in_transaction = any(callback is after_commit for _savepoints, callback, _robust in connection.run_on_commit)
    _state.withdrawal = withdrawal or (bumped_in_transaction and getattr(_state, "withdrawal", False))
    earlier = getattr(_state, "concerned", set()) if bumped_in_transaction else set()
    _state.concerned = set(concerned) | earlier
    if bumped_in_transaction and getattr(_state, "coalescing", False) and not withdrawal:
        return
    replace_version(withdrawal, _state.concerned)
    logger.debug("page cache invalidated", extra={"reason": reason})
    # The bump after commit covers a visitor who read the old rows while the transaction was still
    # open; one per transaction however many signals it sends, so the CDN is purged once per committed change.
    # A page concerned is concerned again then: a render begun before the commit showed the rows of before.
    if not bumped_in_transaction:
        transaction.on_commit(after_commit)


def after_commit():
    withdrawal, _state.withdrawal = getattr(_state, "withdrawal", False), False
    concerned, _state.concerned = getattr(_state, "concerned", set()), set()
    replace_version(withdrawal, concerned)
    purge_frontend_cache()


def purge_frontend_cache():
    """Ask the CDN to forget every live page, when one is configured (wagtail.contrib.frontend_cache)."""
    if not settings.WAGTAILFRONTENDCACHE:
        return
    from wagtail.contrib.frontend_cache.utils import PurgeBatch
    from wagtail.models import Page

    batch = PurgeBatch()
    batch.add_pages(Page.objects.live().public().specific())
    batch.purge()


_project_labels = {}


def is_project_model(model):
    """A model of one of this project's apps (found under BASE_DIR), not of a library."""
    label = model._meta.app_label
    if label not in _project_labels:
        try:
            _project_labels[label] = is_project_path(apps.get_app_config(label).path)
        except LookupError:  # Django's own bookkeeping, such as the record of applied migrations
            _project_labels[label] = False
    return _project_labels[label]


def shows_on_public_pages(sender, instance, update_fields=None):
    from taggit.models import ItemBase, TagBase
    from wagtail.contrib.settings.models import BaseSiteSetting
    from wagtail.documents.models import AbstractDocument
    from wagtail.images.models import AbstractImage
    from wagtail.models import Page, PageViewRestriction, Site

    if not getattr(sender, OPT_OUT_ATTRIBUTE, True):
        return False
    if isinstance(instance, Page):
        return not (update_fields and set(update_fields) <= DRAFT_BOOKKEEPING_FIELDS)
    if isinstance(
        instance, (Site, PageViewRestriction, BaseSiteSetting, AbstractImage, AbstractDocument, TagBase, ItemBase)
    ):
        return True
    return is_project_model(sender)


def withdraws_content(instance):
    """A save that can take content off the public site: a page saved unpublished, a view restriction, a site."""
    from wagtail.models import Page, PageViewRestriction, Site

    if isinstance(instance, Page):
        return not instance.live
    return isinstance(instance, (PageViewRestriction, Site))


def invalidate_on_save(sender, instance, update_fields=None, raw=False, **kwargs):
    from wagtail.models import Page

    if not raw and shows_on_public_pages(sender, instance, update_fields):
        withdrawal = withdraws_content(instance)
        if isinstance(instance, Page):
            # The pages its stored version concerned (name_pages_before_save); its publish names the others.
            concerned = named_before_save(instance)
        else:
            concerned = edit_concerns(instance)
        bump_content_version(f"{sender._meta.label} saved", withdrawal=withdrawal, concerned=concerned)


def invalidate_on_delete(sender, instance, **kwargs):
    if shows_on_public_pages(sender, instance):
        bump_content_version(f"{sender._meta.label} deleted", withdrawal=True)


def invalidate_on_relation_change(sender, instance, action, **kwargs):
    if action.startswith("post_") and shows_on_public_pages(type(instance), instance):
        bump_content_version(f"{type(instance)._meta.label} relations changed")


def name_pages_before_save(sender, instance, update_fields=None, raw=False, **kwargs):
    """Before a live page is saved (a publish), the pages its stored version concerns: a page that showed it and no
    longer will (an association removed, the letter of its former title) is renewed like those that show it now."""
    from wagtail.models import Page

    if raw or not isinstance(instance, Page) or instance.pk is None or not getattr(_state, "naming", True):
        return
    if update_fields and set(update_fields) <= DRAFT_BOOKKEEPING_FIELDS:
        return
    # Kept for this page's own post_save (a save that fails leaves it to the next save of the same page only).
    _state.named_before = {**getattr(_state, "named_before", {}), instance.pk: edit_concerns(instance, as_stored=True)}


def named_before_save(page):
    named = getattr(_state, "named_before", {})
    return named.pop(page.pk, ())


def invalidate_on_publish(sender, instance=None, **kwargs):
    bump_content_version(f"{sender._meta.label} published", concerned=edit_concerns(instance))


def edit_concerns(instance, as_stored=False):
    """The paths of the pages showing what an edit of `instance` changed (of the live page as stored, with
    `as_stored`); none within a bulk write (an import edits too many pages to name: they all stand in while they
    render anew, as after an edit of the site-wide parts)."""
    if instance is None or not getattr(_state, "naming", True):
        return ()
    try:
        # In a savepoint: a query that fails here must not abort the transaction of the edit (PostgreSQL).
        with transaction.atomic():
            if as_stored:
                instance = type(instance).objects.filter(pk=instance.pk, live=True).first()
                if instance is None:
                    return ()
            return pages_concerned(instance)
    except Exception:
        # The edit is saved whatever happens here: its pages then stand in as any other, for the window at most.
        logger.exception("page cache: the pages an edit concerns could not be found")
        return ()


def invalidate_on_withdrawal(sender, instance=None, **kwargs):
    bump_content_version(f"{sender._meta.label} unpublished, moved or renamed", withdrawal=True)


def register_signal_handlers():
    """Wire every event that changes what a public page shows to a content version bump."""
    from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
    from wagtail import hooks
    from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

    from .entries import remember_route

    pre_save.connect(name_pages_before_save, dispatch_uid="page_cache_before_save")
    post_save.connect(invalidate_on_save, dispatch_uid="page_cache_save")
    post_delete.connect(invalidate_on_delete, dispatch_uid="page_cache_delete")
    m2m_changed.connect(invalidate_on_relation_change, dispatch_uid="page_cache_m2m")
    page_published.connect(invalidate_on_publish, dispatch_uid="page_cache_publish")
    page_unpublished.connect(invalidate_on_withdrawal, dispatch_uid="page_cache_unpublish")
    post_page_move.connect(invalidate_on_withdrawal, dispatch_uid="page_cache_move")
    page_slug_changed.connect(invalidate_on_withdrawal, dispatch_uid="page_cache_slug")
    hooks.register("before_serve_page", remember_route)
