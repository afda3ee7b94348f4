"""The middleware that answers anonymous page views from the cache and stores the pages Wagtail rendered."""

import io
import logging
import os
import queue
import socket
import threading
import time
import uuid
from functools import partial

from django.conf import settings
from django.core.handlers.wsgi import WSGIRequest
from django.db import close_old_connections, connections
from django.http import HttpResponse
from django.urls import set_script_prefix

from .entries import (
    EXCLUDED_PATH_PREFIXES,
    build_entry,
    can_store,
    canonical_host,
    entry_key,
    find_entry,
    page_store,
    response_from_entry,
    restore_route,
    store_entry,
    store_is_shared,
    stored_entry,
)
from .version import current_content_version, current_version

logger = logging.getLogger(__name__)

# A visitor waits at most this long for another's render of the same page before rendering it himself.
RENDER_WAIT_SECONDS = 5.0
SHARED_RENDER_POLL_SECONDS = 0.01
# Past this many requests a second, a process is busy: after an edit, its visitors get the page of before while
# the new one renders in the background (PageCacheMiddleware). A visitor a second is a busy agency site.
BUSY_REQUESTS_PER_SECOND = 20


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

    def busy(self):
        with self.lock:
            return bool(self.running)


class Traffic:
    """How many requests this process answered in the current second and the one before: its load."""

    def __init__(self):
        self.reset()

    def reset(self):
        self.second = 0
        self.count = 0
        self.previous = 0

    def note(self):
        second = int(time.monotonic())
        if second != self.second:
            self.previous = self.count if second == self.second + 1 else 0
            self.second, self.count = second, 0
        self.count += 1

    def busy(self):
        second = int(time.monotonic())
        if second == self.second:
            return max(self.count, self.previous) >= BUSY_REQUESTS_PER_SECOND
        return second == self.second + 1 and self.count >= BUSY_REQUESTS_PER_SECOND


traffic = Traffic()


def busy():
    """After an edit, a busy process gives the page of before and renders the new one in the background: rendering
    already, or answering many requests a second (a quiet process renders for its visitor, who sees the edit)."""
    return renders_in_progress.busy() or background_renders.busy() or traffic.busy()


renders_in_progress = RendersInProgress()

# Pages waiting for a render in the background, per process: past it, a page is rendered when next asked for.
REFRESH_QUEUE_SIZE = 2000
# What a request needs to be rendered again without its visitor: the CGI variables, never the socket or the body.
REFRESH_ENVIRON = ("REQUEST_METHOD", "SCRIPT_NAME", "PATH_INFO", "QUERY_STRING", "SERVER_NAME", "SERVER_PORT")
# The background renders of a server (of its processes sharing Redis; without it, of a process) take turns: one
# process renders at a time, so that after a publish they use one core at most and the others answer the visitors
# about as fast as before. Measured (bench_publish): five at once finish sooner but make p99 2.1 to 2.6 times what
# it was, one at a time (then all, past half of the stale window: window_closing) 1.94 times at most.
# A turn lasts at most this long (a render that fails or a process that dies does not hold the others back).
BACKGROUND_TURN_SECONDS = 5.0
BACKGROUND_TURN_POLL_SECONDS = 0.05
# The process rendering keeps the turn this long at most, then hands it on: another process's pages wait no longer.
BACKGROUND_TURN_KEEP_SECONDS = 10.0
# Set on the requests of the background thread (not an HTTP header: no client can send it).
REFRESH_MARK = "pagecache.refresh"
# What the background thread's request gets when another process is rendering the page (nobody reads it).
RENDERED_ELSEWHERE = object()
# Set by PageCacheApplication on the requests it counted already.
COUNTED_MARK = "pagecache.counted"


class BackgroundRenders:
    """One thread per process rendering, one after the other, the pages served stale after an edit."""

    def __init__(self):
        self.lock = threading.Lock()
        self.pending = set()
        self.jobs = queue.Queue()
        self.pid = None
        self.token, self.turn_since = None, None

    def busy(self):
        with self.lock:
            return bool(self.pending) and self.pid == os.getpid()

    def schedule(self, key, version, make_job):
        """Queue `make_job()` (called only when the page is not queued already) to render this page's version."""
        with self.lock:
            if self.pid != os.getpid():
                # A gunicorn worker forked from the preloading master: the master's thread is not here.
                self.pending, self.jobs, self.pid = set(), queue.Queue(), os.getpid()
                # Names this process in the turn (a pid alone may repeat in another container of the same host).
                self.token, self.turn_since = f"{os.getpid()}:{uuid.uuid4().hex}", None
                threading.Thread(target=self.run, name="page-cache-refresh", daemon=True).start()
            if (key, version) in self.pending or len(self.pending) >= REFRESH_QUEUE_SIZE:
                return
            self.pending.add((key, version))
        self.jobs.put((key, version, make_job()))

    def run(self):
        jobs = self.jobs
        while True:
            key, version, job = jobs.get()
            try:
                # A page rendered by another process while this one waited for the turn is a hit for the job's
                # request (the middleware looks first): no render, no need to look again here.
                if current_version() == version and stored_entry(key, version) is None and self.take_turn(version):
                    job()
            except Exception:
                logger.exception("page cache: a page could not be rendered in the background")
            finally:
                if jobs.empty():
                    # Nothing more to render for now: the turn goes to another process, and no database connection
                    # stays open in an idle thread.
                    self.end_turn()
                    connections.close_all()
                with self.lock:
                    self.pending.discard((key, version))

    @staticmethod
    def turn_key():
        return f"page-cache:background-turn:{socket.gethostname()}"

    def take_turn(self, version):
        """Wait for this server's turn to render in the background; False when the version changed meanwhile.

        The process that has the turn keeps it while it has pages to render, renewing it for 5 s after each (a
        process that dies with it does not stop the others for longer), for BACKGROUND_TURN_KEEP_SECONDS at most:
        the others' threads answer visitors without a render beside them, and measured, that keeps p99 lowest.
        Past half of the stale window (window_closing), or without an answer from the cache (Redis down: django-redis
        answers None), the render goes ahead."""
        store, turn_key = page_store(), self.turn_key()
        while True:
            if window_closing():
                return True
            try:
                if self.turn_since is not None and store.get(turn_key) == self.token:
                    if time.monotonic() - self.turn_since < BACKGROUND_TURN_KEEP_SECONDS and store.touch(
                        turn_key, BACKGROUND_TURN_SECONDS
                    ):
                        return True
                    # Kept long enough: handed on, and taken again only after the others had a chance.
                    self.end_turn()
                    time.sleep(2 * BACKGROUND_TURN_POLL_SECONDS)
                taken = store.add(turn_key, self.token, BACKGROUND_TURN_SECONDS)
            except Exception:
                logger.warning("page cache: the background turn cannot be read", exc_info=True)
                return True
            if taken is None or taken:
                self.turn_since = time.monotonic()
                return True
            time.sleep(BACKGROUND_TURN_POLL_SECONDS)
            if current_version() != version:
                return False

    def end_turn(self):
        """Hand the turn on, unless another process holds it (it expired during a long render, or was never ours)."""
        self.turn_since = None
        try:
            if page_store().get(self.turn_key()) == self.token:
                page_store().delete(self.turn_key())
        except Exception:
            logger.warning("page cache: the background turn could not be handed on", exc_info=True)


background_renders = BackgroundRenders()


def window_closing():
    """Past half of PAGE_CACHE_STALE_SECONDS since the edit the pages of before stand in for: every process renders
    its pages without waiting for the turn. One at a time, a slow or loaded server may not renew them all within the
    window; at its end, each page still of before would be rendered for its visitors, all at once."""
    content_version = current_content_version()
    if content_version is None or content_version.base is None:
        return False
    return time.time() - content_version.since >= settings.PAGE_CACHE_STALE_SECONDS / 2


def refresh_environ(environ):
    """The request for a page again, as an anonymous visitor without cookies would make it, marked as a refresh."""
    fresh = {name: value for name, value in environ.items() if name.startswith("HTTP_") or name in REFRESH_ENVIRON}
    fresh.pop("HTTP_COOKIE", None)
    fresh.update(
        {
            "REQUEST_METHOD": "GET",
            "wsgi.url_scheme": environ.get("wsgi.url_scheme", "http"),
            "wsgi.input": io.BytesIO(b""),
            "CONTENT_LENGTH": "0",
            REFRESH_MARK: True,
        }
    )
    return fresh


class PageCacheMiddleware:
    """Serve anonymous GETs of Wagtail pages from the cache; store the ones Wagtail rendered.

    Placed right after the health check: a hit skips every other middleware, and replays the headers
    they added (security headers, CSP, noindex) to the response that was stored.

    One render per page, version and server: when a change turns every page into a miss, the visitors
    asking for the same page at the same moment do not render it each (threads of a process share one
    render; with Redis, other processes see the claim in Redis).

    - After an edit (version.py), the page stored before it stands in while the new one renders: a visitor
      gets it when the page is being rendered already, or when this process is busy (rendering another page, or
      answering BUSY_REQUESTS_PER_SECOND requests a second), and the page is then queued for this process's
      background thread. The process that is quiet renders the page
      for its visitor, so a quiet site shows an edit at once, and a busy one spreads the renders of a publish
      over time instead of making every visitor wait for them. It is safe because an edit leaves content public:
      for PAGE_CACHE_STALE_SECONDS at most, a visitor reads the words of before, as he would have a moment
      earlier; past that, the page is rendered for him. Not so for the pages the edit concerns (concerned.py: the
      page edited, the pages listing or linking to it): nothing stored of them before it is served again, their
      visitors wait for the one render in progress, as after a withdrawal.
    - After a withdrawal (an unpublish, a deletion, a restriction, a move), nothing stored before it is served
      again: the visitors wait for the one render in progress. That wait is bounded: past RENDER_WAIT_SECONDS,
      or when the render could not be stored (an error, a redirect), each waiter renders the page himself.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.excluded = (*EXCLUDED_PATH_PREFIXES, settings.STATIC_URL or "/static/", settings.MEDIA_URL or "/media/")

    def __call__(self, request):
        # Static and media files are answered further down (WhiteNoise, the web server): no cache read for them.
        if request.path.startswith(self.excluded):
            return self.get_response(request)
        if COUNTED_MARK not in request.META:
            traffic.note()
        key = entry_key(request)
        content_version = current_content_version() if key is not None else None
        if content_version is None:
            restore_route(request)
            return self.get_response(request)
        version = content_version.version
        entry, fresh = find_entry(key, content_version)
        if fresh:
            return self.answer(request, entry, "hit")
        # The background thread's own request renders the page, unless another thread or process is rendering it.
        refreshing = bool(request.META.get(REFRESH_MARK))
        stale = None if refreshing else entry
        if stale is not None and busy():
            # This process is busy: the page of before now, the new one in the background.
            background_renders.schedule(key, version, lambda: partial(self.refresh, refresh_environ(request.META)))
            return self.answer(request, stale, "stale")

        first, rendered = renders_in_progress.claim(key, version)
        if not first:
            if stale is not None:
                return self.answer(request, stale, "stale")
            if refreshing:
                return HttpResponse(status=204)
            rendered.wait(RENDER_WAIT_SECONDS)
            entry = stored_entry(key, version)
            if entry is not None:
                return self.answer(request, entry, "hit")
            return self.render(request, key, version)
        try:
            entry = self.wait_for_another_process(key, version, stale, refreshing)
            if entry is RENDERED_ELSEWHERE:
                return HttpResponse(status=204)
            if entry is stale and stale is not None:
                return self.answer(request, stale, "stale")
            if entry is not None:
                return self.answer(request, entry, "hit")
            return self.render(request, key, version)
        finally:
            renders_in_progress.release(key, version)

    def wait_for_another_process(self, key, version, stale=None, refreshing=False):
        """With Redis, claim the render of this page across processes, or wait for the process that has it
        (with a page that may stand in, answer that at once; for the background thread, go on to the next page)."""
        if not store_is_shared():
            return None
        claim = f"{key}:rendering:{version}"
        deadline = time.monotonic() + RENDER_WAIT_SECONDS
        while not page_store().add(claim, 1, RENDER_WAIT_SECONDS):
            if refreshing:
                return RENDERED_ELSEWHERE
            if stale is not None:
                return stale
            time.sleep(SHARED_RENDER_POLL_SECONDS)
            entry = stored_entry(key, version)
            if entry is not None or time.monotonic() > deadline:
                return entry
        return None

    def refresh(self, environ):
        """Render a page served stale, in the background, through the middlewares below this one (the test client's
        way; under gunicorn, PageCacheApplication sends its refreshes through the whole of Django instead)."""
        # What Django's handler does around a request: a script prefix for reverse(), fresh database connections.
        close_old_connections()
        set_script_prefix(environ.get("SCRIPT_NAME") or "/")
        self(WSGIRequest(environ)).close()

    def render(self, request, key, version):
        # Rendered under the canonical spelling of the host, so the absolute URLs in the stored page are
        # the same whatever spelling of the Host header the visitor who caused the render sent.
        request.META["HTTP_HOST"] = canonical_host(request)
        started_at = time.time()
        restore_route(request)
        response = self.get_response(request)
        if store_is_shared():
            page_store().delete(f"{key}:rendering:{version}")
        if not can_store(request, response):
            return response
        entry = build_entry(response, version, started_at)
        store_entry(key, entry)
        return self.answer(request, entry, "miss")

    def answer(self, request, entry, outcome):
        response = response_from_entry(request, entry, stale=outcome == "stale")
        response["X-Page-Cache"] = outcome
        return response
