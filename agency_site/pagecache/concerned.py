"""The pages an edit concerns: those that show what it changed, which visitors never get from before it.

After an edit, the pages stored before it stand in while the new ones render (middleware.py): on a busy server, a
publish re-renders every page at a pace that keeps the others answered as fast as before, which takes a minute or
two at 10,000 entries. A page that shows nothing the edit changed loses nothing meanwhile. The pages that do show
it are named here, when the edit is made; whatever was stored of them before it is never served again: their
visitors wait for the one render in progress, and get the new words within a render's time.

A page concerns itself and its ancestors, whose listings show it (the home page, an index). The apps add what only
they know through the Wagtail hook CONCERNED_PAGES_HOOK: a function taking the record edited (a page or any other)
and returning the pages, or their paths, that show it. The auto-linking adds the page of a linked body stored anew
(the task re-linking the pages that mention a term just published), the glossary an entry's letter and the entries
associated with it, the entries featuring an offer. A page is asked twice: as stored before its save and as
published (invalidation.py), so the pages that stop showing it (an association removed, the letter of its former
title) are named with those that show it.

What is not named stands in, for PAGE_CACHE_STALE_SECONDS at most, as every page did before this: an edit of the
site-wide parts (menus, footer, settings), which every page shows; a bulk import or a re-link of more than
RELINK_NAMED_PAGES pages, which edit too many pages to name.
"""

from wagtail import hooks

CONCERNED_PAGES_HOOK = "page_cache_pages_concerned"


def pages_concerned(instance):
    """The site-relative paths ("/glossaire/seo/") of the pages that show what an edit of `instance` changed."""
    from wagtail.models import Page, Site

    found = []
    if isinstance(instance, Page):
        found += [instance, *instance.get_ancestors().filter(depth__gt=1).only("url_path")]
    for hook in hooks.get_hooks(CONCERNED_PAGES_HOOK):
        found += list(hook(instance) or ())
    if not found:
        return set()
    root_paths = Site.get_site_root_paths()
    return {item if isinstance(item, str) else site_relative_url(item.url_path, root_paths) for item in found}


def site_relative_url(url_path, root_paths):
    """The public URL of a page from its url_path, without a query per page."""
    for root in root_paths:
        if url_path.startswith(root.root_path):
            return "/" + url_path[len(root.root_path) :]
    return url_path
