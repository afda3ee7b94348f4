"""Stored pages: their key (canonical host and path), their shape, the process's copy, fragments and routes."""

import gzip
import logging
import pickle
import re
import threading
import time
from collections import OrderedDict
from hashlib import md5
from urllib.parse import parse_qsl

from django.apps import apps
from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.http import HttpRequest, HttpResponse
from django.http.request import split_domain_port
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date
from wagtail.url_routing import RouteResult

from .release import release_id
from .version import current_version, withdrawals_of

logger = logging.getLogger(__name__)

# The number changes with the stored entry's shape; release_id() keeps each release's pages apart.
ENTRY_KEY_PREFIX = "page-cache:page:3:"
# Campaign tags added by social networks and newsletters do not change the page: they share its entry.
TRACKING_PARAMETER = re.compile(r"^(utm_[a-z]+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|_ga|igshid)$")
ACCEPTS_GZIP = re.compile(r"\bgzip\b")
# Accept-Encoding as clients send it: a handful of distinct values, each searched once per process rather than on
# every hit (the search cost a fifth of a hit in the WSGI layer). Bounded: past it, other values are searched each time.
GZIP_CHOICES_MAX = 64
gzip_choices = {}


def accepts_gzip(accept_encoding):
    """Whether an answer to this Accept-Encoding may be gzipped (as GZipMiddleware decides)."""
    choice = gzip_choices.get(accept_encoding)
    if choice is None:
        choice = bool(ACCEPTS_GZIP.search(accept_encoding))
        if len(gzip_choices) < GZIP_CHOICES_MAX:
            gzip_choices[accept_encoding] = choice
    return choice


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
STORE_ALIAS = "pagecache"


def page_store():
    """Where pages, fragments and routes are kept: Redis with REDIS_URL, else this process's memory."""
    return caches[STORE_ALIAS]


def store_is_shared():
    return not isinstance(page_store(), LocMemCache)


def canonical_host(request):
    return canonical_host_for(request.META, request.is_secure())


def canonical_host_for(meta, secure):
    """The host as one spelling (lower case, no trailing dot, no default port), or None for a host the
    cache must not key on: not an exact entry of ALLOWED_HOSTS (a wildcard would let a client create
    entries without end), or on a port the server does not listen on."""
    # The test client and some probes send no Host header: the server's name then, as request.get_host() does.
    domain, port = split_domain_port(meta.get("HTTP_HOST") or meta.get("SERVER_NAME", ""))
    if not domain or domain not in known_hostnames():
        return None
    if port in ("", "443" if secure else "80"):
        return domain
    if port == meta.get("SERVER_PORT"):
        return f"{domain}:{port}"
    return None


_known_hostnames = {}


def known_hostnames():
    allowed = tuple(settings.ALLOWED_HOSTS)
    if _known_hostnames.get("allowed") != allowed:
        exact = {host.lower().rstrip(".") for host in allowed if host != "*" and not host.startswith(".")}
        _known_hostnames.update(allowed=allowed, exact=frozenset(exact))
    return _known_hostnames["exact"]


def entry_key(request):
    """The cache key for this request's page, or None when the request must reach the view."""
    return entry_key_for(request.method, request.path, request.META, request.COOKIES, request.is_secure())


def entry_key_for(method, path, meta, cookies, secure):
    """entry_key from the parts of a request: the middleware's Django request, or the WSGI environ (wsgi.py)."""
    if not settings.PAGE_CACHE_ENABLED or method not in ("GET", "HEAD"):
        return None
    if path.startswith(EXCLUDED_PATH_PREFIXES):
        return None
    # A session means a logged-in editor or a visitor with messages or view-restriction passwords.
    if settings.SESSION_COOKIE_NAME in cookies:
        return None
    pairs = parse_qsl(meta.get("QUERY_STRING", ""), keep_blank_values=True)
    if any(not TRACKING_PARAMETER.match(name) for name, _value in pairs):
        return None
    host = canonical_host_for(meta, secure)
    if host is None:
        return None
    scheme = "https" if secure else "http"
    return f"{ENTRY_KEY_PREFIX}{release_id()}:{scheme}://{host}{path}"


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


def build_entry(response, version, started_at):
    """The stored page; `started_at` (time.time() when its render began) says how recent its content is."""
    content = response.content
    return {
        "version": version,
        "started_at": started_at,
        "headers": [(name, value) for name, value in response.items() if name.lower() not in PER_RESPONSE_HEADERS],
        "content": content,
        "gzipped": gzip.compress(content, compresslevel=9, mtime=0),
        "etag": md5(content, usedforsecurity=False).hexdigest(),
        "modified_at": int(time.time()),
    }


def response_from_entry(request, entry, stale=False):
    """The same bytes for a miss and a hit, gzipped when the client accepts it; 304 when the client has them.
    A page of before an edit (stale) is never kept by a CDN: purged at the edit, it must not come back."""
    use_gzip = accepts_gzip(request.META.get("HTTP_ACCEPT_ENCODING", ""))
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
        patch_cache_control(response, s_maxage=0 if stale else settings.CDN_MAX_AGE)
    return get_conditional_response(
        request, etag=response["ETag"], last_modified=entry["modified_at"], response=response
    )


# Keys of an entry's answers (stored_answer) to a hit, built once.
GZIPPED_HIT = (True, "hit")
PLAIN_HIT = (False, "hit")


def stored_answer(entry, use_gzip, outcome="hit"):
    """(status, headers, body) answering an unconditional GET with this entry, exactly as the middleware
    does (built by response_from_entry itself), kept with the entry in this process's copy."""
    answers = entry.get("wsgi_answers")
    if answers is None:
        # Not setdefault(), which builds an empty dict on every hit to throw it away.
        answers = entry["wsgi_answers"] = {}
    answer = answers.get((use_gzip, outcome))
    if answer is None:
        request = HttpRequest()
        request.method = "GET"
        request.META = {"HTTP_ACCEPT_ENCODING": "gzip" if use_gzip else ""}
        response = response_from_entry(request, entry, stale=outcome == "stale")
        response["X-Page-Cache"] = outcome
        answer = answers[(use_gzip, outcome)] = (
            f"{response.status_code} {response.reason_phrase}",
            list(response.items()),
            response.content,
        )
        if "dropped" in entry:
            # Dropped meanwhile (forget_answers marks, then empties): whichever came last, nothing stays.
            answers.clear()
    return answer


class RecentEntries:
    """The pages this process served last, so a hit reads nothing from the shared cache.

    A copy, never the reference: an entry is used only when its version is the shared one, so a change
    made through another process shows here too. Without Redis it is the only store of pages.
    """

    def __init__(self, max_bytes):
        self.max_bytes = max_bytes
        self.size = 0
        self.entries = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key, version):
        """The entry for this key if it is for this version (an older one stays, to stand in after an edit)."""
        with self.lock:
            entry = self.entries.get(key)
            if entry is None or entry["version"] != version:
                return None
            self.entries.move_to_end(key)
            return entry

    def peek(self, key):
        """The entry for this key, whatever its version."""
        with self.lock:
            return self.entries.get(key)

    def put(self, key, entry):
        weight = entry_weight(entry)
        if weight > self.max_bytes:
            return
        with self.lock:
            if self.entries.get(key) is entry:
                # Held already: dropping it would take its answers (forget_answers) for nothing.
                self.entries.move_to_end(key)
                return
            self._remove(key)
            self.entries[key] = entry
            self.size += weight
            while self.size > self.max_bytes:
                self._remove(next(iter(self.entries)))

    def clear(self):
        with self.lock:
            for entry in self.entries.values():
                forget_answers(entry)
            self.entries.clear()
            self.size = 0

    def _remove(self, key):
        entry = self.entries.pop(key, None)
        if entry is not None:
            self.size -= entry_weight(entry)
            forget_answers(entry)


def forget_answers(entry):
    """An entry this process drops: its answers go too, though the WSGI layer's memo of keys refers to them (KeyMemo),
    so that the memory of the entries stays within its budget and a dropped entry is never answered. Marked first: a
    thread that found the entry just before and builds an answer for it sees the mark afterwards (stored_answer, and
    held_answer before it keeps the answers)."""
    entry["dropped"] = True
    answers = entry.get("wsgi_answers")
    if answers:
        answers.clear()


def entry_weight(entry):
    return len(entry["content"]) + len(entry["gzipped"])


recent_entries = RecentEntries(max_bytes=settings.PAGE_CACHE_MEMORY_BYTES)


def stored_entry(key, version):
    """The page stored for this key and version: from this process's copy, else from Redis."""
    entry = recent_entries.get(key, version)
    if entry is None and store_is_shared():
        entry = page_store().get(key)
        if entry is not None and entry["version"] == version:
            recent_entries.put(key, entry)
        else:
            entry = None
    return entry


def find_entry(key, content_version):
    """(entry, fresh) for this key: the page stored for the current version (fresh), else one stored for a version
    an edit replaced a moment ago, which may stand in while the new one renders (not fresh); (None, False) else."""
    entry = recent_entries.get(key, content_version.version)
    if entry is not None:
        return entry, True
    # This process holds none for the current version: maybe one of before, maybe one in Redis.
    entry, from_store = recent_entries.peek(key), False
    if store_is_shared():
        shared = page_store().get(key)
        if shared is not None and (entry is None or shared["version"] != entry["version"]):
            entry, from_store = shared, True
    if entry is None:
        return None, False
    fresh = entry["version"] == content_version.version
    if not fresh and not content_version.serves_stale(entry, key_path(key)):
        return None, False
    if from_store:
        # Kept here, the page of before too: while the new one renders, this process's next visitors get it from
        # memory (wsgi.py), not from Redis each time (a worker started after the edit held none).
        recent_entries.put(key, entry)
    return entry, fresh


def key_path(key):
    """The path of the page an entry key names ("…:https://host/glossaire/seo/" → "/glossaire/seo/")."""
    address = key.partition("://")[2]
    return address[address.find("/") :] if "/" in address else "/"


def store_entry(key, entry):
    if store_is_shared():
        page_store().set(key, entry, settings.PAGE_CACHE_TIMEOUT)
    recent_entries.put(key, entry)


def cached_for_content_version(name, site, compute):
    """A value built from pages and settings (a menu, the contact block), kept until the content changes.

    Keyed by the content version, like whole pages, so it is exact; it spares the queries of the
    site-wide parts of every page when the page itself must be rendered.
    """
    version = current_version()
    if version is None:
        return compute()
    key = f"page-cache:fragment:{release_id()}:{site.pk if site else 0}:{name}:{version}"
    value = page_store().get(key)
    if value is None:
        value = compute()
        page_store().set(key, value, settings.PAGE_CACHE_TIMEOUT)
    return value


class VersionMemo:
    """Values built from pages and kept in this process for the current content version only: the parts that many
    pages share (their ancestors, say), read once per version by each process instead of once per render."""

    MAX_VALUES = 1000

    def __init__(self):
        self.version = None
        self.values = {}
        self.lock = threading.Lock()

    def get(self, name, compute):
        version = current_version()
        if version is None:
            return compute()
        with self.lock:
            if self.version != version:
                self.version, self.values = version, {}
            elif name in self.values:
                return self.values[name]
        value = compute()
        with self.lock:
            if self.version == version and len(self.values) < self.MAX_VALUES:
                self.values[name] = value
        return value

    def clear(self):
        with self.lock:
            self.version, self.values = None, {}


version_memo = VersionMemo()


def route_key(request, version):
    """The key of this URL's route. Routes change only with a withdrawal (a move, a new slug, an unpublish, a
    deletion, a site, a view restriction): an edit keeps them, so the renders after an edit skip the routing."""
    host = canonical_host(request)
    if host is None or version is None:
        return None
    return f"page-cache:route:3:{release_id()}:{host}{request.path}:{withdrawals_of(version)}"


def restore_route(request):
    """Give Wagtail the site and page this URL resolved to last time, sparing the site's query and one or two per URL
    segment. After an edit, the route still holds, but the page is read again (one query): its content may be newer."""
    if request.method not in ("GET", "HEAD") or request.path.startswith(EXCLUDED_PATH_PREFIXES):
        return
    version = current_version()
    key = route_key(request, version)
    route = page_store().get(key) if key else None
    if route is None:
        return
    site, (model_label, page_id, url_path), args, kwargs, (stored_version, stored_page) = route
    page = stored_page
    if stored_version != version:
        # Edited since: the same page, read again, and still at the same address (a move or a new slug is a
        # withdrawal, but whatever the moment it is announced, the route of before must never serve the page).
        try:
            page = apps.get_model(model_label).objects.filter(pk=page_id, live=True, url_path=url_path).first()
        except LookupError:
            page = None
        if page is None:
            return
        # A routable page's route names the view to serve, a method of the page: of the page read again, not of
        # the page stored with the route, whose content is the one before the edit.
        args = [rebound(value, stored_page, page) for value in args]
        kwargs = {name: rebound(value, stored_page, page) for name, value in kwargs.items()}
    request._wagtail_site = site
    request._wagtail_route_for_request = RouteResult(page, args, kwargs)
    # Kept again by remember_route when the page was read again, so that the next render of this version skips it.
    request._page_route_restored = stored_version == version


def rebound(value, old_page, page):
    """`value`, or the same method bound to `page` when it is a method of `old_page` (a routable page's view)."""
    if getattr(value, "__self__", None) is old_page and hasattr(value, "__func__"):
        return value.__func__.__get__(page, type(page))
    return value


def remember_route(page, request, args, kwargs):
    """before_serve_page hook: mark the request as a page view, and keep its route for the next render."""
    mark_request_cacheable(request)
    if request.method != "GET" or getattr(request, "_page_route_restored", False):
        return
    site = getattr(request, "_wagtail_site", None)
    version = current_version()
    key = route_key(request, version)
    if site is None or getattr(request, "_wagtail_route_for_request", None) is None or key is None:
        return
    # The page as rendered now, which serves as long as the version is this one; after an edit, it is read again.
    route = (site, (page._meta.label, page.pk, page.url_path), list(args), dict(kwargs), (version, page))
    try:
        page_store().set(key, route, settings.PAGE_CACHE_TIMEOUT)
    except (pickle.PicklingError, TypeError, AttributeError):
        logger.debug("route of %s cannot be cached", request.path)
