"""The middleware that answers anonymous page views from the cache and stores the pages Wagtail rendered."""

import threading
import time

from django.conf import settings

from .entries import (
    EXCLUDED_PATH_PREFIXES,
    build_entry,
    can_store,
    canonical_host,
    entry_key,
    page_store,
    response_from_entry,
    restore_route,
    store_entry,
    store_is_shared,
    stored_entry,
)
from .version import current_version

# A visitor waits at most this long for another's render of the same page before rendering it himself.
RENDER_WAIT_SECONDS = 5.0
SHARED_RENDER_POLL_SECONDS = 0.01


class RendersInProgress:
    """The pages this process is rendering now, one per key and version, so that others wait for them."""

    def __init__(self):
        self.lock = threading.Lock()
        self.running = {}

    def claim(self, key, version):
        """(True, event) for the first asker, who renders; (False, event) for the others, who wait on it."""
        with self.lock:
            event = self.running.get((key, version))
            if event is not None:
                return False, event
            event = self.running[(key, version)] = threading.Event()
            return True, event

    def release(self, key, version):
        with self.lock:
            event = self.running.pop((key, version), None)
        if event is not None:
            event.set()


renders_in_progress = RendersInProgress()


class PageCacheMiddleware:
    """Serve anonymous GETs of Wagtail pages from the cache; store the ones Wagtail rendered.

    Placed right after the health check: a hit skips every other middleware, and replays the headers
    they added (security headers, CSP, noindex) to the response that was stored.

    One render per page, version and server: when a publish turns every page into a miss, the visitors
    asking for the same page at the same moment wait for the one render in progress (threads of a process
    wait on it; with Redis, other processes on the same claim in Redis) instead of rendering it each.
    They wait rather than get the previous version, because waiting never serves a page older than the
    version their request saw: a publish or an unpublish (a page withdrawn for legal reasons) shows to
    everyone at once. It is safe because the wait is bounded: a page renders in milliseconds, and past
    RENDER_WAIT_SECONDS, or when the render could not be stored (an error, a redirect), each waiter
    renders the page itself, as without a cache.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.excluded = (*EXCLUDED_PATH_PREFIXES, settings.STATIC_URL or "/static/", settings.MEDIA_URL or "/media/")

    def __call__(self, request):
        # Static and media files are answered further down (WhiteNoise, the web server): no cache read for them.
        if request.path.startswith(self.excluded):
            return self.get_response(request)
        key = entry_key(request)
        version = current_version() if key is not None else None
        if version is None:
            restore_route(request)
            return self.get_response(request)
        entry = stored_entry(key, version)
        if entry is not None:
            return self.answer(request, entry, "hit")

        first, rendered = renders_in_progress.claim(key, version)
        if not first:
            rendered.wait(RENDER_WAIT_SECONDS)
            entry = stored_entry(key, version)
            if entry is not None:
                return self.answer(request, entry, "hit")
            return self.render(request, key, version)
        try:
            entry = self.wait_for_another_process(key, version)
            if entry is not None:
                return self.answer(request, entry, "hit")
            return self.render(request, key, version)
        finally:
            renders_in_progress.release(key, version)

    def wait_for_another_process(self, key, version):
        """With Redis, claim the render of this page across processes, or wait for the process that has it."""
        if not store_is_shared():
            return None
        claim = f"{key}:rendering:{version}"
        deadline = time.monotonic() + RENDER_WAIT_SECONDS
        while not page_store().add(claim, 1, RENDER_WAIT_SECONDS):
            time.sleep(SHARED_RENDER_POLL_SECONDS)
            entry = stored_entry(key, version)
            if entry is not None or time.monotonic() > deadline:
                return entry
        return None

    def render(self, request, key, version):
        # Rendered under the canonical spelling of the host, so the absolute URLs in the stored page are
        # the same whatever spelling of the Host header the visitor who caused the render sent.
        request.META["HTTP_HOST"] = canonical_host(request)
        restore_route(request)
        response = self.get_response(request)
        if store_is_shared():
            page_store().delete(f"{key}:rendering:{version}")
        if not can_store(request, response):
            return response
        entry = build_entry(response, version)
        store_entry(key, entry)
        return self.answer(request, entry, "miss")

    def answer(self, request, entry, outcome):
        response = response_from_entry(request, entry)
        response["X-Page-Cache"] = outcome
        return response
