"""The WSGI application in front of Django: it answers the pages this process holds before Django builds a request.

A hit through Django costs its handler, a request object, the middlewares before the page cache and a response
object: about ten times the work of answering stored bytes. This layer answers what needs none of it: an
unconditional GET of a page whose entry this process holds for the version it knows without any I/O. It
answers exactly what PageCacheMiddleware would (the same key, and headers built by response_from_entry once
per entry). On Redis, when the version it knows is only too old to trust (every TRUST_SECONDS), it reads it again
itself: one round trip. Everything else (a miss, any other doubt about the version, a conditional or HEAD request, a
session, an error of its own) goes to Django unchanged, where the middleware serves, renders and stores as before.
"""

import logging
import threading
from functools import partial

from django.conf import settings
from django.core.handlers.wsgi import get_path_info, get_script_name, get_str_from_wsgi
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http.cookie import parse_cookie

from .entries import (
    EXCLUDED_PATH_PREFIXES,
    GZIPPED_HIT,
    PLAIN_HIT,
    accepts_gzip,
    entry_key_for,
    key_path,
    recent_entries,
    stored_answer,
)
from .middleware import COUNTED_MARK, REFRESH_MARK, background_renders, busy, refresh_environ, traffic
from .version import read_shared_version, version_watch

logger = logging.getLogger(__name__)

# What a page's key is computed from, besides the cookies (see KeyMemo); the proxy's scheme header is added.
KEY_ENVIRON = (
    "PATH_INFO",
    "SCRIPT_NAME",
    "SCRIPT_URL",
    "REDIRECT_URL",
    "QUERY_STRING",
    "HTTP_HOST",
    "SERVER_NAME",
    "SERVER_PORT",
    "wsgi.url_scheme",
)
# Bounds of the memo, a few hundred bytes per page this process holds.
KEY_MEMO_SIZE = 10_000
KEY_MEMO_BYTES = 4 * 1024 * 1024


class KeyMemo:
    """The key of each page this process answered from memory, by request line: computed once, not on every hit.

    The key depends on the request's path, query, host and scheme, on settings, and on the cookies only through
    the session cookie, which is looked at on each request. Only pages answered from memory are kept, never a
    request with a query string (campaign tags vary without end): requests for made-up addresses cannot grow it.
    Emptied when settings change (tests), and when full.

    Beside the key, the answers of the page as last found for a content version (the entry's own dict of answers,
    emptied when the process drops the entry): while that version is the one known, a hit takes its answer there
    without looking up the entry. The version is compared by identity, and the object changes with every read of it
    (each TRUST_SECONDS at least), so the entry is looked up, and marked as used, at least that often.
    """

    def __init__(self):
        self.answers = {}
        self.bytes = 0
        self.fields = None
        self.generation = 0
        self.lock = threading.Lock()

    def lookup(self, environ):
        """(memo key, (the page's key, version, answers) or None when not kept); the memo key is None for a request
        never kept. The memo key carries the memo's generation: a key computed before a clear (settings changed) is
        not kept after it."""
        if environ.get("QUERY_STRING"):
            return None, None
        if self.fields is None:
            header = settings.SECURE_PROXY_SSL_HEADER
            self.fields = (*KEY_ENVIRON, header[0]) if header else KEY_ENVIRON
        memo_key = tuple(map(environ.get, self.fields))
        return (self.generation, memo_key), self.answers.get(memo_key)

    def keep(self, memo_key, key, version, answers):
        """Remember the page's key, and its answers for this version; one value, replaced whole, so that a hit never
        reads the answers of one version beside another version."""
        generation, memo_key = memo_key
        with self.lock:
            if generation != self.generation:
                return
            if memo_key in self.answers:
                self.answers[memo_key] = (key, version, answers)
                return
            size = sum(len(value) for value in memo_key if isinstance(value, str)) + len(key)
            if len(self.answers) >= KEY_MEMO_SIZE or self.bytes + size > KEY_MEMO_BYTES:
                self.answers.clear()
                self.bytes = 0
            self.answers[memo_key] = (key, version, answers)
            self.bytes += size

    def clear(self):
        with self.lock:
            self.answers.clear()
            self.bytes = 0
            self.fields = None
            self.generation += 1


key_memo = KeyMemo()


@receiver(setting_changed)
def forget_keys(**kwargs):
    key_memo.clear()


class PageCacheApplication:
    def __init__(self, application):
        self.application = application
        self.excluded = (*EXCLUDED_PATH_PREFIXES, settings.STATIC_URL or "/static/", settings.MEDIA_URL or "/media/")

    def __call__(self, environ, start_response):
        try:
            answer = self.held_answer(environ)
        except Exception:
            # The cache is never a dependency: Django answers as if this layer were not there.
            logger.exception("page cache: the WSGI layer failed, Django answers")
            answer = None
        if answer is None:
            return self.application(environ, start_response)
        status, headers, body = answer
        start_response(status, headers)
        return [body]

    def held_answer(self, environ):
        """The stored answer to this request, or None when Django must see it."""
        if (
            environ.get("REQUEST_METHOD") != "GET"
            # Left to Django, whose get_conditional_response answers them (304, 412). Four lookups: a test of the
            # whole environ (frozenset.isdisjoint) hashes each of its keys, five times the cost on every hit.
            or "HTTP_IF_NONE_MATCH" in environ
            or "HTTP_IF_MODIFIED_SINCE" in environ
            or "HTTP_IF_MATCH" in environ
            or "HTTP_IF_UNMODIFIED_SINCE" in environ
        ):
            return None
        # A key kept is a page this process answered: counted, and cacheable for a visitor without a session.
        memo_key, known = key_memo.lookup(environ)
        if known is None:
            counted, key = self.cookieless_key(environ)
            if not counted:
                return None
            held_version = None
        else:
            key, held_version, held_answers = known
        traffic.note()
        environ[COUNTED_MARK] = True
        if key is None or (
            "HTTP_COOKIE" in environ
            and settings.SESSION_COOKIE_NAME in environ["HTTP_COOKIE"]
            and self.has_session(environ)
        ):
            return None
        watch = version_watch()
        content_version = watch.known_version()
        if content_version is None and watch.only_too_old():
            # Each process reads the version again every TRUST_SECONDS: from Redis, one round trip here, where Django
            # would cost a whole request more. If the read fails, the watch forgets the version and its connection
            # (read()), and the next requests leave the version to Django, which reads it as before: a Redis outage
            # costs this process one read here, not one per request on top of Django's.
            content_version = watch.read(read_shared_version)
        if content_version is None:
            return None
        use_gzip = accepts_gzip(environ.get("HTTP_ACCEPT_ENCODING", ""))
        if held_version is content_version.version:
            answer = held_answers.get(GZIPPED_HIT if use_gzip else PLAIN_HIT)
            if answer is not None:
                return answer
        entry = recent_entries.get(key, content_version.version)
        if entry is not None:
            answer = stored_answer(entry, use_gzip)
            # Not an entry dropped since it was found (forget_answers marks it before emptying its answers).
            if memo_key is not None and "dropped" not in entry:
                key_memo.keep(memo_key, key, content_version.version, entry["wsgi_answers"])
            return answer
        # After an edit, while this process is busy: the page of before, as the middleware would answer it.
        entry = recent_entries.peek(key)
        if (
            entry is None
            or REFRESH_MARK in environ
            or not content_version.serves_stale(entry, key_path(key))
            or not busy()
        ):
            return None
        background_renders.schedule(
            key, content_version.version, lambda: partial(self.refresh, refresh_environ(environ))
        )
        return stored_answer(entry, use_gzip, "stale")

    def cookieless_key(self, environ):
        """(counted, key): whether the request counts in this process's traffic (not a static file, not the admin),
        and the key of its page for a visitor without a session (None when the request must reach Django)."""
        path = request_path(environ)
        if path.startswith(self.excluded):
            return False, None
        return True, entry_key_for("GET", path, environ, {}, is_secure(environ))

    @staticmethod
    def has_session(environ):
        return settings.SESSION_COOKIE_NAME in parse_cookie(get_str_from_wsgi(environ, "HTTP_COOKIE", ""))

    def refresh(self, environ):
        """The background thread's render of a page served stale: a request through the whole of Django."""
        run_to_end(self.application, environ, lambda status, headers, exc_info=None: None)


def run_to_end(application, environ, start_response):
    """Call a WSGI application as a server does for a request no client reads: its answer read through, then closed."""
    answer = application(environ, start_response)
    try:
        for _chunk in answer:
            pass
    finally:
        if hasattr(answer, "close"):
            answer.close()


def request_path(environ):
    """request.path, as WSGIRequest computes it."""
    path_info = get_path_info(environ) or "/"
    return "%s/%s" % (get_script_name(environ).rstrip("/"), path_info.replace("/", "", 1))  # noqa: UP031 - as Django


def is_secure(environ):
    """request.is_secure(), as HttpRequest.scheme decides it: the proxy's header when set, else the server's scheme."""
    if settings.SECURE_PROXY_SSL_HEADER:
        header, secure_value = settings.SECURE_PROXY_SSL_HEADER
        header_value = environ.get(header)
        if header_value is not None:
            return header_value.split(",", 1)[0].strip() == secure_value
    return environ.get("wsgi.url_scheme") == "https"
