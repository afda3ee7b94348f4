"""Full-page cache for anonymous visits of public Wagtail pages, invalidated by a site-wide content version.

Every stored page carries the content version current when its rendering started. Any change that can
show on a public page (a page published, unpublished, moved or deleted, a site setting, an image, a
glossary or service record) replaces the version, so every page stored before it becomes a miss at
once, on every app server sharing the cache. A stale page cannot outlive a change; the price of an
edit is one re-render of each page, which costs a few milliseconds and at most eight queries.

A hit costs no I/O: the middleware runs before every other one but the health check and compression,
replays the headers they set when the page was stored, and keeps the pages it served last in the
process's memory (a copy, checked against the shared version on every request); on Redis, the version
itself is known from Redis's announcements (SharedVersionWatch).
"""

import gzip
import logging
import os
import pickle
import re
import threading
import time
import uuid
from collections import OrderedDict
from fnmatch import fnmatch
from hashlib import md5, sha256
from pathlib import Path
from urllib.parse import parse_qsl

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

VERSION_KEY = "page-cache:version"
# The number changes with the stored entry's shape; release_id() keeps each release's pages apart.
ENTRY_KEY_PREFIX = "page-cache:page:2:"
# What a release is made of: a deploy changing any of these never serves pages (and their headers) rendered
# by the previous code, and servers running the same code share their entries.
RELEASE_FILE_PATTERNS = ("*.py", "*.html", "*.txt", "*.mo")
RELEASE_SKIPPED_FOLDERS = {
    ".venv",
    "node_modules",
    "media",
    "staticfiles",
    ".git",
    ".pytest_cache",
    ".ruff_cache",
    "test-artifacts",
    "__pycache__",
}
# Campaign tags added by social networks and newsletters do not change the page: they share its entry.
TRACKING_PARAMETER = re.compile(r"^(utm_[a-z]+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|_ga|igshid)$")
ACCEPTS_GZIP = re.compile(r"\bgzip\b")
# Headers of the stored response that describe one transfer, not the page: set again on each answer.
PER_RESPONSE_HEADERS = {
    "content-length",
    "content-encoding",
    "etag",
    "last-modified",
    "cache-control",
    "vary",
    "expires",
    "date",
    "set-cookie",
    "x-page-cache",
}
# Paths never cached even when a Wagtail page answers them: forms whose answer depends on the visitor.
EXCLUDED_PATH_PREFIXES = ("/admin/", "/documents/", "/contact/merci/", "/_util/")
REQUEST_MARK = "_page_cache_eligible"


def read_shared_version():
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, uuid.uuid4().hex, None)
        version = cache.get(VERSION_KEY)
    return version


_release = {}


def release_id():
    """RELEASE from the environment (a commit id set by the deploy), else a digest of the code, templates
    and static manifest; computed once per process."""
    if "id" not in _release:
        _release["id"] = settings.RELEASE or release_digest(Path(settings.BASE_DIR), Path(settings.STATIC_ROOT))
    return _release["id"]


def release_digest(base_dir, static_root=None):
    digest = sha256()
    files = []
    for folder, subfolders, names in os.walk(base_dir):
        # Pruned in place: the walk never enters the venv, node_modules or uploads.
        subfolders[:] = sorted(name for name in subfolders if name not in RELEASE_SKIPPED_FOLDERS)
        files += [Path(folder) / name for name in names if fnmatch_any(name, RELEASE_FILE_PATTERNS)]
    if static_root is not None and (static_root / "staticfiles.json").is_file():
        files.append(static_root / "staticfiles.json")
    for path in sorted(set(files)):
        digest.update(str(path.relative_to(base_dir) if path.is_relative_to(base_dir) else path.name).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def fnmatch_any(name, patterns):
    return any(fnmatch(name, pattern) for pattern in patterns)


def current_version():
    """The shared content version; on Redis, read again only after Redis announced a change of it."""
    watch = version_watch()
    if watch is None:
        return read_shared_version()
    version = watch.known_version()
    if version is None:
        version = watch.read(read_shared_version)
    return version


LISTEN_RETRY_SECONDS = 5
# A connection can die without a word (a NAT or load balancer dropping it, a Redis host gone): however
# quiet Redis is, the version is read again after this long, so a missed announcement costs one second.
TRUST_SECONDS = 1.0


class SharedVersionWatch:
    """Knows the shared content version without a Redis round trip on every request.

    One connection per process asks Redis to announce every write of the version key (server-assisted
    client-side caching: CLIENT TRACKING in broadcast mode, redirected to that same connection, which
    listens on Redis's invalidation channel). Redis writes the announcement to every listening socket
    before it runs the writer's next command, and the writer makes one (replace_version), so a change
    made through one server is known to the others by their next request; looking at the socket costs
    no round trip. Any doubt (no connection yet, a dropped one, a flush) means reading the key, and it
    is read at least every TRUST_SECONDS.
    """

    def __init__(self, url, key):
        self.url = url
        self.key = key
        self.connection = None
        self.client_id = None
        self.version = None
        self.confirmed_at = 0.0
        self.retry_at = 0.0
        self.lock = threading.Lock()

    def known_version(self):
        """The version read last, if Redis announced no write of it since and it was read recently; else None."""
        with self.lock:
            if self.connection is None or self.version is None:
                return None
            try:
                while self.connection.can_read(timeout=0):
                    self.connection.read_response()
                    self.version = None
            except (RedisError, OSError):
                self.close()
            if time.monotonic() - self.confirmed_at > TRUST_SECONDS:
                return None
            return self.version

    def read(self, read_version):
        """Read the version once the watch is listening, so any later write of it gets announced."""
        with self.lock:
            if self.connection is None:
                if time.monotonic() < self.retry_at:
                    return read_version()
                try:
                    self.listen()
                except (RedisError, OSError):
                    # Asking Redis every request works meanwhile; try listening again a little later, not each time.
                    logger.warning("page cache: no Redis announcements, the version is read on every request")
                    self.close()
                    self.retry_at = time.monotonic() + LISTEN_RETRY_SECONDS
                    return read_version()
            version = read_version()
            if self.version is not None and version != self.version:
                # Changed without an announcement: this connection no longer hears Redis; listen anew.
                logger.warning("page cache: a new content version came unannounced, listening to Redis again")
                self.close()
                return version
            self.version = version
            self.confirmed_at = time.monotonic()
            return version

    def listen(self):
        from redis import ConnectionPool

        pool = ConnectionPool.from_url(self.url, protocol=2, socket_timeout=2, socket_keepalive=True)
        connection = pool.make_connection()
        self.connection = connection
        connection.connect()
        connection.send_command("CLIENT", "ID")
        self.client_id = connection.read_response()
        connection.send_command("CLIENT", "TRACKING", "on", "REDIRECT", self.client_id, "BCAST", "PREFIX", self.key)
        connection.read_response()
        connection.send_command("SUBSCRIBE", "__redis__:invalidate")
        connection.read_response()

    def close(self):
        if self.connection is not None:
            try:
                self.connection.disconnect()
            except (RedisError, OSError):
                pass
        self.connection = None
        self.version = None


_version_watch = {"pid": None, "watch": None}
_version_watch_lock = threading.Lock()


def forget_version():
    """This process just wrote the version: read it again rather than wait for Redis's announcement."""
    watch = version_watch()
    if watch is not None:
        with watch.lock:
            watch.version = None


def version_watch():
    """This process's watch of the version key, when the cache is Redis (one per process: not shared by fork)."""
    if _version_watch["pid"] != os.getpid():
        # The first requests of a new worker arrive together on its threads: one watch, one connection.
        with _version_watch_lock:
            if _version_watch["pid"] != os.getpid():
                watch = None
                options = settings.CACHES["default"]
                if options["BACKEND"] == "django_redis.cache.RedisCache" and settings.PAGE_CACHE_VERSION_WATCH:
                    watch = SharedVersionWatch(options["LOCATION"], str(cache.make_key(VERSION_KEY)))
                _version_watch.update(watch=watch, pid=os.getpid())
    return _version_watch["watch"]


def replace_version():
    cache.set(VERSION_KEY, uuid.uuid4().hex, None)
    forget_version()
    # Redis hands the announcements of a write to the other servers' sockets before it runs the writer's
    # next command: one more round trip, and the change is known everywhere before this request (a
    # publish, a settings save) answers the editor. Writes are rare; the round trip costs nothing to visitors.
    cache.get(VERSION_KEY)


def bump_content_version(reason=""):
    """Make every stored page a miss, now and again once the current transaction commits."""
    replace_version()
    logger.debug("page cache invalidated", extra={"reason": reason})
    # The bump after commit covers a visitor who read the old rows while the transaction was still
    # open; one per transaction however many signals it sends, so the CDN is purged once per committed change.
    connection = transaction.get_connection()
    if not any(callback is after_commit for _savepoints, callback, _robust in connection.run_on_commit):
        transaction.on_commit(after_commit)


def after_commit():
    replace_version()
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


def cached_for_content_version(name, site, compute):
    """A value built from pages and settings (a menu, the contact block), kept until the content changes.

    Keyed by the content version, like whole pages, so it is exact; it spares the queries of the
    site-wide parts of every page when the page itself must be rendered.
    """
    key = f"page-cache:fragment:{release_id()}:{site.pk if site else 0}:{name}:{current_version()}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, settings.PAGE_CACHE_TIMEOUT)
    return value


def excluded_prefixes():
    # Static and media files are answered further down (WhiteNoise, the web server): no cache read for them.
    return (*EXCLUDED_PATH_PREFIXES, settings.STATIC_URL or "/static/", settings.MEDIA_URL or "/media/")


def entry_key(request):
    """The cache key for this request's page, or None when the request must reach the view."""
    if not settings.PAGE_CACHE_ENABLED or request.method not in ("GET", "HEAD"):
        return None
    if request.path.startswith(EXCLUDED_PATH_PREFIXES):
        return None
    # A session means a logged-in editor or a visitor with messages or view-restriction passwords.
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        return None
    pairs = parse_qsl(request.META.get("QUERY_STRING", ""), keep_blank_values=True)
    if any(not TRACKING_PARAMETER.match(name) for name, _value in pairs):
        return None
    # Not request.get_host(): the host was already validated by CommonMiddleware on the miss that stored it.
    host = request.META.get("HTTP_HOST", "").lower()
    scheme = "https" if request.is_secure() else "http"
    return f"{ENTRY_KEY_PREFIX}{release_id()}:{scheme}://{host}{request.path}"


def route_key(request):
    host = request.META.get("HTTP_HOST", "").lower()
    return f"page-cache:route:{release_id()}:{host}{request.path}:{current_version()}"


def restore_route(request):
    """Give Wagtail the site and page this URL resolved to last time, sparing a query per URL segment."""
    if request.method not in ("GET", "HEAD") or request.path.startswith(EXCLUDED_PATH_PREFIXES):
        return
    route = cache.get(route_key(request))
    if route is not None:
        request._wagtail_site, request._wagtail_route_for_request = route
        request._page_route_restored = True


def remember_route(page, request, args, kwargs):
    """before_serve_page hook: mark the request as a page view, and keep its route for the next render."""
    mark_request_cacheable(request)
    if request.method != "GET" or hasattr(request, "_page_route_restored"):
        return
    route = (getattr(request, "_wagtail_site", None), getattr(request, "_wagtail_route_for_request", None))
    if route[0] is None or route[1] is None:
        return
    try:
        cache.set(route_key(request), route, settings.PAGE_CACHE_TIMEOUT)
    except (pickle.PicklingError, TypeError, AttributeError):
        logger.debug("route of %s cannot be cached", request.path)


def mark_request_cacheable(request):
    """Only page views may be stored, never other views."""
    setattr(request, REQUEST_MARK, True)


def can_store(request, response):
    if not getattr(request, REQUEST_MARK, False) or request.method != "GET":
        return False
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    cache_control = response.get("Cache-Control", "")
    if any(token in cache_control for token in ("private", "no-store", "no-cache")):
        return False
    user = getattr(request, "user", None)
    return not (user is not None and user.is_authenticated)


def build_entry(response, version):
    content = response.content
    return {
        "version": version,
        "headers": [(name, value) for name, value in response.items() if name.lower() not in PER_RESPONSE_HEADERS],
        "content": content,
        "gzipped": gzip.compress(content, compresslevel=9, mtime=0),
        "etag": md5(content, usedforsecurity=False).hexdigest(),
        "modified_at": int(time.time()),
    }


def response_from_entry(request, entry):
    """The same bytes for a miss and a hit, gzipped when the client accepts it; 304 when the client has them."""
    use_gzip = bool(ACCEPTS_GZIP.search(request.META.get("HTTP_ACCEPT_ENCODING", "")))
    response = HttpResponse(entry["gzipped"] if use_gzip else entry["content"])
    for name, value in entry["headers"]:
        response[name] = value
    if use_gzip:
        response["Content-Encoding"] = "gzip"
        response["ETag"] = f'W/"{entry["etag"]}"'
    else:
        response["ETag"] = f'"{entry["etag"]}"'
    response["Content-Length"] = str(len(response.content))
    response["Last-Modified"] = http_date(entry["modified_at"])
    patch_vary_headers(response, ["Accept-Encoding"])
    # Browsers revalidate each time (a cheap 304); a CDN may keep the page for CDN_MAX_AGE seconds.
    patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
    if settings.CDN_MAX_AGE:
        patch_cache_control(response, s_maxage=settings.CDN_MAX_AGE)
    return get_conditional_response(
        request, etag=response["ETag"], last_modified=entry["modified_at"], response=response
    )


class RecentEntries:
    """The pages this process served last, so a hit reads only the version from the shared cache.

    A copy, never the reference: an entry is used only when its version is the shared one read for
    this request, so a change made through another server shows here at once.
    """

    def __init__(self, max_bytes):
        self.max_bytes = max_bytes
        self.size = 0
        self.entries = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key, version):
        with self.lock:
            entry = self.entries.get(key)
            if entry is None:
                return None
            if entry["version"] != version:
                self._remove(key)
                return None
            self.entries.move_to_end(key)
            return entry

    def put(self, key, entry):
        weight = entry_weight(entry)
        if weight > self.max_bytes:
            return
        with self.lock:
            self._remove(key)
            self.entries[key] = entry
            self.size += weight
            while self.size > self.max_bytes:
                self._remove(next(iter(self.entries)))

    def _remove(self, key):
        entry = self.entries.pop(key, None)
        if entry is not None:
            self.size -= entry_weight(entry)


def entry_weight(entry):
    return len(entry["content"]) + len(entry["gzipped"])


recent_entries = RecentEntries(max_bytes=32 * 1024 * 1024)


class PageCacheMiddleware:
    """Serve anonymous GETs of Wagtail pages from the cache; store the ones Wagtail rendered.

    Placed right after the health check: a hit skips every other middleware, and replays the headers
    they added (security headers, CSP, noindex) to the response that was stored.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.excluded = excluded_prefixes()

    def __call__(self, request):
        if request.path.startswith(self.excluded):
            return self.get_response(request)
        key = entry_key(request)
        if key is None:
            restore_route(request)
            return self.get_response(request)
        version = current_version()
        entry = recent_entries.get(key, version)
        if entry is None:
            entry = cache.get(key)
            if entry is not None and entry["version"] == version:
                recent_entries.put(key, entry)
            else:
                entry = None
        if entry is not None:
            response = response_from_entry(request, entry)
            response["X-Page-Cache"] = "hit"
            return response

        restore_route(request)
        response = self.get_response(request)
        if not can_store(request, response):
            return response
        entry = build_entry(response, version)
        cache.set(key, entry, settings.PAGE_CACHE_TIMEOUT)
        recent_entries.put(key, entry)
        fresh = response_from_entry(request, entry)
        fresh["X-Page-Cache"] = "miss"
        return fresh


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
# Apps whose records (snippets, auto-link data, related items) appear on public pages.
CONTENT_APP_LABELS = {"agency_site", "glossary", "services", "taggit"}
# Records of those apps that visitors create and no page shows: they must not let a visitor empty the cache.
VISITOR_WRITTEN_MODELS = {"glossary.GlossarySearchMiss"}


def shows_on_public_pages(sender, instance, update_fields=None):
    from wagtail.contrib.settings.models import BaseSiteSetting
    from wagtail.documents.models import AbstractDocument
    from wagtail.images.models import AbstractImage
    from wagtail.models import Page, PageViewRestriction, Site

    if isinstance(instance, Page):
        return not (update_fields and set(update_fields) <= DRAFT_BOOKKEEPING_FIELDS)
    if isinstance(instance, (Site, PageViewRestriction, BaseSiteSetting, AbstractImage, AbstractDocument)):
        return True
    return sender._meta.app_label in CONTENT_APP_LABELS and sender._meta.label not in VISITOR_WRITTEN_MODELS


def invalidate_on_save(sender, instance, update_fields=None, raw=False, **kwargs):
    if not raw and shows_on_public_pages(sender, instance, update_fields):
        bump_content_version(f"{sender._meta.label} saved")


def invalidate_on_delete(sender, instance, **kwargs):
    if shows_on_public_pages(sender, instance):
        bump_content_version(f"{sender._meta.label} deleted")


def invalidate_on_relation_change(sender, instance, action, **kwargs):
    if action.startswith("post_") and shows_on_public_pages(type(instance), instance):
        bump_content_version(f"{type(instance)._meta.label} relations changed")


def invalidate_on_page_event(sender, instance=None, **kwargs):
    bump_content_version(f"{sender._meta.label} published, unpublished or moved")


def connect_invalidation():
    """Wire every event that changes what a public page shows to a content version bump."""
    from django.db.models.signals import m2m_changed, post_delete, post_save
    from wagtail import hooks
    from wagtail.signals import page_published, page_unpublished, post_page_move

    post_save.connect(invalidate_on_save, dispatch_uid="page_cache_save")
    post_delete.connect(invalidate_on_delete, dispatch_uid="page_cache_delete")
    m2m_changed.connect(invalidate_on_relation_change, dispatch_uid="page_cache_m2m")
    page_published.connect(invalidate_on_page_event, dispatch_uid="page_cache_publish")
    page_unpublished.connect(invalidate_on_page_event, dispatch_uid="page_cache_unpublish")
    post_page_move.connect(invalidate_on_page_event, dispatch_uid="page_cache_move")
    hooks.register("before_serve_page", remember_route)
