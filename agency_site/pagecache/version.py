"""The site-wide content version every stored page is checked against, and each process's watch of it.

The version is two values, so that an edit never undoes a withdrawal: WITHDRAWAL_KEY changes when content
stops being public (an unpublish, a deletion, a view restriction, a move) and VERSION_KEY when content is
edited. The latter also names the version current before the edits of the last moments, and when the first of
them was made: the pages stored since that version may be served, while the new ones render, for
PAGE_CACHE_STALE_SECONDS at most after that first edit (middleware.py), except the pages an edit concerns
(concerned.py), kept under CONCERNED_KEY with the time of that edit: what was stored of them before it is never served
for a later version. Nothing stored before a withdrawal is ever served again.
"""

import ctypes
import logging
import os
import select
import threading
import time
import uuid
from types import MappingProxyType
from typing import NamedTuple

from django.conf import settings
from django.core.cache import cache
from django.db import connections, router, transaction
from redis.exceptions import RedisError, WatchError

logger = logging.getLogger(__name__)

VERSION_KEY = "page-cache:version"
# Under VERSION_KEY's name, so that Redis announces a write of either (SharedVersionWatch listens to that prefix).
WITHDRAWAL_KEY = "page-cache:version:withdrawal"
# {path: time.time() of the last edit that concerned the page}, for the edits of the last PAGE_CACHE_STALE_SECONDS.
# Written before VERSION_KEY (a process reading between the two sees the new paths with the old version: no effect).
CONCERNED_KEY = "page-cache:version:concerned"
# Past this many pages concerned within a window, the oldest are forgotten: they may stand in, as any other page.
CONCERNED_PAGES_MAX = 2000
NOTHING_CONCERNED = MappingProxyType({})
LISTEN_RETRY_SECONDS = 5
# However quiet the shared cache is, the version is read again after this long: a change made by any
# process (a worker, the task worker, a shell) is served everywhere within this time.
TRUST_SECONDS = 1.0
# On Redis, a process looks at its socket of announcements at most this often; a publish waits as long before it
# answers (replace_version), so that every request after it looks again. Under load, one look serves many hits: under
# gunicorn, a look on every hit added 4.7 us of CPU to each (docs/performance.md).
ANNOUNCEMENT_LOOK_SECONDS = 0.002


class ContentVersion(NamedTuple):
    """The current content version, and what it tells of the pages stored before the edits that made it."""

    version: str
    # The version current before the edits of the window (None when none happened), and when the first
    # of them was made (time.time()): the pages stored since are out of date at most since then.
    base: str | None = None
    since: float = 0.0
    # {path: when the last edit that concerned the page was made}: see serves_stale.
    concerned: MappingProxyType = NOTHING_CONCERNED

    def serves_stale(self, entry, path=None):
        """The stored page may be served for this version: out of date for PAGE_CACHE_STALE_SECONDS at most.

        A page of the base version is out of date since the first edit (`since`); a page rendered after it, under
        the same withdrawals, since an edit made after its render began, so for less time than its age. A page an
        edit concerned (the page at `path` shows what it changed) stands in only when rendered after that edit."""
        if self.base is None:
            return False
        concerned_at = self.concerned.get(path) if path is not None else None
        if concerned_at is not None and entry.get("started_at", 0.0) < concerned_at:
            return False
        window, now = settings.PAGE_CACHE_STALE_SECONDS, time.time()
        if entry["version"] == self.base:
            return now - self.since <= window
        same_withdrawals = withdrawals_of(entry["version"]) == withdrawals_of(self.version)
        started_at = entry.get("started_at", 0.0)
        return same_withdrawals and started_at >= self.since and now - started_at <= window


def version_id(value):
    """The id of a ContentVersion (what changes with each edit or withdrawal), or the value itself."""
    return value.version if isinstance(value, ContentVersion) else value


def withdrawals_of(version):
    """The withdrawal part of a version id "<withdrawal id>.<edit id>" (what an edit leaves as it was)."""
    return version.partition(".")[0]


def split_edit(edit):
    """(current id, base id or "", since) of the edit value "<id>" or "<id>;<base id>;<since>"."""
    current, _, rest = str(edit).partition(";")
    base, _, since = rest.partition(";")
    try:
        return current, base, float(since)
    except ValueError:
        return current, "", 0.0


def parse_version(withdrawal, edit, concerned=None):
    """The ContentVersion of the shared values."""
    current, base, since = split_edit(edit)
    prefix = f"{withdrawal}."
    # The dict read from the cache is this read's own: a read-only view of it, no copy.
    concerned = MappingProxyType(concerned) if isinstance(concerned, dict) and concerned else NOTHING_CONCERNED
    return ContentVersion(prefix + current, prefix + base if base else None, since, concerned)


def with_concerned(concerned, paths, now):
    """The CONCERNED_KEY value once the pages at `paths` are concerned by an edit made `now`: the edits older than the
    stale window forgotten (nothing they concerned can stand in any more), the newest CONCERNED_PAGES_MAX kept."""
    horizon = now - settings.PAGE_CACHE_STALE_SECONDS
    kept = {path: at for path, at in (concerned or {}).items() if at >= horizon}
    kept.update(dict.fromkeys(paths, now))
    if len(kept) > CONCERNED_PAGES_MAX:
        kept = dict(sorted(kept.items(), key=lambda item: item[1])[-CONCERNED_PAGES_MAX:])
    return kept


def next_edit_version(edit, now):
    """The value replacing `edit` after an edit: a new id, with the version and time its pages may stand in from."""
    new = uuid.uuid4().hex
    if edit is None:
        return new
    current, base, since = split_edit(edit)
    if not base or now - since > settings.PAGE_CACHE_STALE_SECONDS:
        # The first edit for a while: the pages of the version it replaces may stand in, from now.
        base, since = current, now
    # Else another edit within the window: the window keeps its start, and the pages its base.
    return f"{new};{base};{since:.3f}"


def read_shared_version():
    """The ContentVersion in the shared cache (Redis, else the database cache table); None when it cannot be read."""
    keys = (WITHDRAWAL_KEY, VERSION_KEY)
    try:
        values = cache.get_many((*keys, CONCERNED_KEY))
        if any(key not in values for key in keys):
            for key in keys:
                if key not in values:
                    cache.add(key, uuid.uuid4().hex, None)
            values = cache.get_many((*keys, CONCERNED_KEY))
    except Exception:
        # Never a dependency: without a version, pages are rendered and not stored.
        logger.warning("page cache: the content version cannot be read, pages are rendered", exc_info=True)
        return None
    if any(key not in values for key in keys):
        return None
    return parse_version(values[WITHDRAWAL_KEY], values[VERSION_KEY], values.get(CONCERNED_KEY))


def replace_version(withdrawal=False, concerned=()):
    """A new version: after an edit, the pages of the one replaced may stand in for PAGE_CACHE_STALE_SECONDS while
    they render anew, except those at the paths `concerned` (concerned.py); after a withdrawal (content no longer
    public), nothing stored before is served again."""
    now = time.time()
    # Named after a withdrawal too, though nothing stored before it serves again: on PostgreSQL, the pages named by an
    # edit inside a transaction are written only once it commits (name_concerned_in_database), when a withdrawal later
    # in the same transaction has made the whole of it one.
    if concerned:
        try:
            name_concerned(concerned, now)
        except Exception:
            logger.exception("page cache: the pages an edit concerns cannot be written")
    try:
        if withdrawal:
            cache.set(WITHDRAWAL_KEY, uuid.uuid4().hex, None)
        else:
            # Read then written: two edits at once may restart the window (a render more), never make a page
            # servable that a withdrawal made unservable, which is another key.
            cache.set(VERSION_KEY, next_edit_version(cache.get(VERSION_KEY), now), None)
    except Exception:
        logger.exception("page cache: the content version cannot be replaced")
    forget_version()
    watch = version_watch()
    if isinstance(watch, SharedVersionWatch):
        # Redis hands the announcements of a write to the other servers' sockets before it runs the
        # writer's next command: one more round trip, and the announcement is in every socket. A process looks
        # at its socket at most every ANNOUNCEMENT_LOOK_SECONDS: once they have passed, the change is known
        # everywhere before this request (a publish, a settings save) answers the editor.
        read_shared_version()
        if not transaction.get_connection().in_atomic_block:
            # Inside a transaction, the bump after its commit (invalidation.after_commit) is the one that answers.
            time.sleep(ANNOUNCEMENT_LOOK_SECONDS)


def name_concerned(paths, now):
    """Add the pages at `paths` to CONCERNED_KEY, concerned by an edit made `now`. A read then a write: two edits at
    once take turns, so that neither writes over the pages the other named (which would stand in, stale, for the
    window). Gone after the window, past which nothing it names can stand in any more."""
    timeout = settings.PAGE_CACHE_STALE_SECONDS + 1
    backend = settings.CACHES["default"]["BACKEND"]
    if backend == "django_redis.cache.RedisCache":
        name_concerned_on_redis(paths, now, timeout)
    elif backend == "django.core.cache.backends.db.DatabaseCache":
        name_concerned_in_database(paths, now, timeout)
    else:
        # This process's memory (LocMemCache): its threads take turns on a lock of its own. Never held around a query:
        # the other caches order the edits themselves, across processes.
        with _concerned_lock:
            add_concerned(paths, now, timeout)


_concerned_lock = threading.Lock()


def add_concerned(paths, now, timeout):
    """The read and the write themselves, through the cache's own get and set."""
    cache.set(CONCERNED_KEY, with_concerned(cache.get(CONCERNED_KEY), paths, now), timeout)


# How long an edit keeps trying to name its pages on Redis while other edits write them. redis-py also reports a
# connection lost during the attempt as a concurrent write (WatchError): a deadline, not a count, bounds an outage.
CONCERNED_WRITE_SECONDS = 1.0


def name_concerned_on_redis(paths, now, timeout):
    """Redis's optimistic transaction: the write is made only if nobody wrote the key since this edit read it (WATCH),
    else read and written again."""
    client = cache.client.get_client(write=True)
    key = cache.make_key(CONCERNED_KEY)
    deadline = time.monotonic() + CONCERNED_WRITE_SECONDS
    with client.pipeline() as pipe:
        while True:
            try:
                pipe.watch(key)
                stored = pipe.get(key)
                value = with_concerned(None if stored is None else cache.client.decode(stored), paths, now)
                pipe.multi()
                pipe.set(key, cache.client.encode(value), ex=timeout)
                pipe.execute()
                return
            except WatchError:
                if time.monotonic() >= deadline:
                    logger.warning(
                        "page cache: the pages an edit concerns could not be named within %.0f s, they "
                        "stand in as others",
                        CONCERNED_WRITE_SECONDS,
                    )
                    return


# The PostgreSQL advisory lock the edits take turns on (any number the project uses for nothing else): "50A" in ASCII.
CONCERNED_LOCK_ID = 0x353041


def name_concerned_in_database(paths, now, timeout):
    """The database cache (several processes without Redis): the read and the write in one transaction that waits
    for the others. SQLite's transactions take the write lock at BEGIN (IMMEDIATE, settings/base.py); on PostgreSQL, an
    advisory lock held until the commit."""
    database = router.db_for_write(cache.cache_model_class)
    connection = connections[database]
    if connection.in_atomic_block or not connection.get_autocommit():
        # Within the edit's own transaction. On SQLite it holds the write lock since BEGIN: nobody writes in between.
        # On PostgreSQL a lock would be held until the edit commits, beside the edit's rows (a deadlock with another
        # edit), and a read without it could write over another edit's pages at the commit; what is written here is
        # seen by nobody before the commit anyway. The pages are named once the edit commits
        # (invalidation.after_commit), outside any transaction, taking turns then.
        if connection.vendor == "sqlite":
            add_concerned(paths, now, timeout)
        return
    with transaction.atomic(using=database):
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CONCERNED_LOCK_ID])
        add_concerned(paths, now, timeout)


def current_content_version():
    """The shared ContentVersion, read at most once a second (on Redis, again at once when Redis announces
    a change of it); None when the shared cache cannot be read."""
    watch = version_watch()
    content_version = watch.known_version()
    if content_version is None:
        content_version = watch.read(read_shared_version)
    return content_version


def current_version():
    """The shared content version's id, which every stored page and fragment is keyed by; None as above."""
    content_version = current_content_version()
    return content_version.version if content_version is not None else None


def forget_version():
    """This process just wrote the version: read it again rather than trust what it knew."""
    watch = version_watch()
    with watch.lock:
        watch.version = None


class PolledVersionWatch:
    """Knows the version read last and trusts it for TRUST_SECONDS: one read a second at most per process.

    The embedded default keeps the version in the database cache table, shared by every gunicorn worker,
    the task worker and any command: a SELECT a second per process instead of one per request.
    """

    def __init__(self, trust_seconds=TRUST_SECONDS):
        self.trust_seconds = trust_seconds
        self.version = None
        self.confirmed_at = 0.0
        self.lock = threading.Lock()

    def known_version(self):
        with self.lock:
            if self.version is None or time.monotonic() - self.confirmed_at >= self.trust_seconds:
                return None
            return self.version

    def only_too_old(self):
        """Never: from the database cache, Django reads the version, as it opens and closes its connections around
        each request; on Redis without announcements, each request reads it anyway (in Django)."""
        return False

    def read(self, read_version):
        version = read_version()
        with self.lock:
            self.version = version
            self.confirmed_at = time.monotonic()
        return version

    def close(self):
        with self.lock:
            self.version = None


class SharedVersionWatch:
    """Knows the shared content version without a Redis round trip on every request.

    One connection per process asks Redis to announce every write of the version key (server-assisted
    client-side caching: CLIENT TRACKING in broadcast mode, redirected to that same connection, which
    listens on Redis's invalidation channel). Redis writes the announcement to every listening socket
    before it runs the writer's next command, and the writer makes one (replace_version), so a change
    made through one server is known to the others by their next request; looking at the socket costs
    no round trip. Any doubt (no connection yet, a dropped one, a flush) means reading the key, and it
    is read at least every TRUST_SECONDS.

    The socket is looked at once per ANNOUNCEMENT_LOOK_SECONDS at most: a look that finds nothing vouches for
    the version that long (quiet_until), and the hits meanwhile read it without a lock or a system call. The
    writer waits that long after its round trip (replace_version), so no request after a publish relies on a
    look made before the announcement came.
    """

    def __init__(self, url, key):
        self.url = url
        self.key = key
        self.connection = None
        self.announced = None
        self.client_id = None
        self.version = None
        self.confirmed_at = 0.0
        self.retry_at = 0.0
        self.quiet_until = 0.0
        self.lock = threading.Lock()

    def known_version(self):
        """The version read last, if Redis announced no write of it since and it was read recently; else None."""
        now = time.monotonic()
        # In this order: whoever finds an announcement, or closes the watch, sets quiet_until to 0 then the version
        # to None, under the lock; a version read after a quiet_until still running was known before the look.
        quiet_until = self.quiet_until
        version = self.version
        if now < quiet_until and version is not None and now - self.confirmed_at <= TRUST_SECONDS:
            # The socket was looked at less than ANNOUNCEMENT_LOOK_SECONDS ago, and nothing had come.
            return version
        with self.lock:
            if self.connection is None or self.version is None:
                return None
            try:
                # A look at the socket; redis-py reads what it announces only when it came.
                if self.announced():
                    self.quiet_until = 0.0
                    self.version = None
                    while self.connection.can_read(timeout=0):
                        self.connection.read_response()
                else:
                    self.quiet_until = now + ANNOUNCEMENT_LOOK_SECONDS
            except (RedisError, OSError):
                self.close()
            if time.monotonic() - self.confirmed_at > TRUST_SECONDS:
                return None
            return self.version

    def only_too_old(self):
        """Whether the only doubt about the version read last is its age (TRUST_SECONDS): the connection listens and
        announced nothing, and the last read did not fail. Then reading it again is one round trip that is expected
        to succeed; any other doubt (an announcement, a lost connection, a failed read) is left to Django's request."""
        with self.lock:
            return self.connection is not None and self.version is not None

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
            # The pages concerned by the last edits (CONCERNED_KEY) may have expired meanwhile, announced only once
            # the read had Redis delete the key: the version itself is what must not change unannounced.
            if self.version is not None and version_id(version) != version_id(self.version):
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
        self.announced = readable_check(connection._sock.fileno())

    def close(self):
        # Forgotten first (see known_version for the order): a hit that reads it without the lock sees None before
        # the socket goes.
        self.quiet_until = 0.0
        self.version = None
        if self.connection is not None:
            try:
                self.connection.disconnect()
            except (RedisError, OSError):
                pass
        self.connection = None
        self.announced = None


class PollFd(ctypes.Structure):
    _fields_ = [("fd", ctypes.c_int), ("events", ctypes.c_short), ("revents", ctypes.c_short)]


POLL_EVENTS = select.POLLIN | select.POLLPRI | select.POLLERR | select.POLLHUP


def readable_check(fd):
    """A function telling, without waiting, whether the socket has something to read (or has failed).

    The watch looks at its socket on a hit, once per ANNOUNCEMENT_LOOK_SECONDS at most. select.poll() lets go of the
    GIL around its system call, as every call that may block does, even with no timeout: another thread of the gthread
    worker takes it, and the hit waits to get it back: a switch between threads whenever one is waiting for the GIL.
    libc's poll() called through ctypes.PyDLL keeps the GIL for the call, which returns at once: with gunicorn's
    processes on one core, a cached page cost 162 µs of CPU per request with select.poll() and 152 µs with this call,
    in one run of each (the turns of one run spread over a few hundredths), when every hit looked. select.poll() stays
    the fallback where libc cannot be loaded.
    """
    try:
        poll = ctypes.PyDLL(None).poll
    except (OSError, AttributeError):
        poller = select.poll()
        poller.register(fd, POLL_EVENTS)
        return lambda: bool(poller.poll(0))
    # Arguments built once, of poll()'s own C types: no conversion on each call (half the cost of declaring argtypes).
    arguments = (ctypes.byref(PollFd(fd, POLL_EVENTS, 0)), ctypes.c_ulong(1), ctypes.c_int(0))

    def check():
        # Not 0: something to read, a failure, or -1 when a signal came first; reading the socket then tells which.
        return poll(*arguments) != 0

    return check


_version_watch = {"watch": None}
_version_watch_lock = threading.Lock()


def version_watch():
    """This process's watch of the version key (one per process: a child forgets its parent's, see below)."""
    watch = _version_watch["watch"]
    if watch is None:
        # The first requests of a new worker arrive together on its threads: one watch, one connection.
        with _version_watch_lock:
            watch = _version_watch["watch"]
            if watch is None:
                watch = _version_watch["watch"] = new_version_watch()
    return watch


def forget_parent_watch():
    """In a new process (gunicorn forks its workers): the parent's watch, socket included, is not this one's, and a lock
    another thread of the parent held at the fork would never be released here.

    Dropped without closing it: the socket is the parent's too. Done at the fork, not by comparing os.getpid() on each
    request: that is a system call, and the watch is asked on every hit."""
    global _version_watch_lock, _concerned_lock
    _version_watch_lock = threading.Lock()
    _concerned_lock = threading.Lock()
    _version_watch["watch"] = None


os.register_at_fork(after_in_child=forget_parent_watch)


def new_version_watch():
    options = settings.CACHES["default"]
    if options["BACKEND"] != "django_redis.cache.RedisCache":
        return PolledVersionWatch()
    if settings.PAGE_CACHE_VERSION_WATCH:
        return SharedVersionWatch(options["LOCATION"], str(cache.make_key(VERSION_KEY)))
    # Redis without announcements: asked on every request, one round trip each.
    return PolledVersionWatch(trust_seconds=0)


def reset_version_watch():
    """Forget this process's watch (settings changed, as in tests): the next request builds a new one."""
    with _version_watch_lock:
        watch = _version_watch["watch"]
        if watch is not None:
            watch.close()
        _version_watch["watch"] = None
