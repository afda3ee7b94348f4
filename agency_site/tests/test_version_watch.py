"""Each process learns a new content version from Redis's announcements, without asking on every request.

Real Redis (a redis-server the suite starts), as in production: the announcement is Redis's own client-side
caching protocol.
"""

import time
import uuid

import pytest
import redis
from django.core.cache import cache

from agency_site.pagecache import version as version_module
from agency_site.pagecache.version import ANNOUNCEMENT_LOOK_SECONDS, VERSION_KEY, SharedVersionWatch

ENTRY_URL = "/glossaire/agence-community-management/"


@pytest.fixture
def redis_url(redis_server):
    return redis_server.url


@pytest.fixture
def shared_redis(redis_url):
    client = redis.Redis.from_url(redis_url)
    client.ping()
    return client


@pytest.fixture
def version_key():
    return f"test-watch:{uuid.uuid4().hex}:page-cache:version"


def reader(client, key):
    reads = []

    def read():
        value = client.get(key)
        reads.append(value)
        return value

    return read, reads


def test_a_write_by_another_server_is_known_before_the_next_request(shared_redis, redis_url, version_key):
    shared_redis.set(version_key, "v1")
    watch = SharedVersionWatch(redis_url, version_key)
    read, reads = reader(shared_redis, version_key)
    assert watch.known_version() is None
    assert watch.read(read) == b"v1"
    # Nothing changed: no round trip, the version read last is still the shared one.
    assert [watch.known_version() for _ in range(3)] == [b"v1"] * 3
    assert reads == [b"v1"]

    another_server = redis.Redis.from_url(redis_url)
    another_server.set(version_key, "v2")
    another_server.ping()  # the writer's next command: Redis has announced the write by then
    time.sleep(ANNOUNCEMENT_LOOK_SECONDS)  # and the writer waits this long (replace_version)
    assert watch.known_version() is None
    assert watch.read(read) == b"v2"
    assert watch.known_version() == b"v2"
    # Writes of other keys say nothing about the version.
    another_server.set("other:" + version_key, "x")
    another_server.ping()  # the writer's next command: Redis has announced the write by then
    time.sleep(ANNOUNCEMENT_LOOK_SECONDS)  # and the writer waits this long (replace_version)
    assert watch.known_version() == b"v2"
    watch.close()


class SteppedClock:
    """The version module's clock, moved by hand; the rest of the time module as it is."""

    def __init__(self):
        self.now = 1000.0

    def monotonic(self):
        return self.now

    def __getattr__(self, name):
        return getattr(time, name)


def test_one_look_at_the_socket_vouches_for_the_version_a_moment(shared_redis, redis_url, version_key, monkeypatch):
    """A look at the socket is a system call: under load, one serves the hits of the next ANNOUNCEMENT_LOOK_SECONDS,
    and a write announced meanwhile is seen by the first request after them."""
    clock = SteppedClock()
    monkeypatch.setattr(version_module, "time", clock)
    shared_redis.set(version_key, "v1")
    watch = SharedVersionWatch(redis_url, version_key)
    read, reads = reader(shared_redis, version_key)
    assert watch.read(read) == b"v1"
    looks = []
    look = watch.announced
    watch.announced = lambda: looks.append(clock.now) or look()
    assert [watch.known_version() for _ in range(5)] == [b"v1"] * 5
    assert looks == [1000.0]

    shared_redis.set(version_key, "v2")
    shared_redis.ping()  # announced by now
    clock.now = 1000.0 + ANNOUNCEMENT_LOOK_SECONDS * 0.9
    assert watch.known_version() == b"v1"  # the look made before the write still vouches for it
    clock.now = 1000.0 + ANNOUNCEMENT_LOOK_SECONDS
    assert watch.known_version() is None
    assert len(looks) == 2
    assert watch.read(read) == b"v2"
    assert reads == [b"v1", b"v2"]
    watch.close()


def test_a_publish_answers_once_every_other_server_looks_again(shared_cache, shared_redis, redis_url):
    """replace_version waits ANNOUNCEMENT_LOOK_SECONDS after Redis has announced the write: a server that had just
    looked at its socket looks again at its next request, which comes after the publish answered."""
    version_module.replace_version()
    key = cache.make_key(VERSION_KEY)
    another_server = SharedVersionWatch(redis_url, key)
    first = another_server.read(lambda: shared_redis.get(key))
    assert first is not None
    assert another_server.known_version() == first  # it looked: nothing announced, vouched for a moment

    version_module.replace_version()
    # What it looked at before the publish vouches for nothing any more, however fast the publish was.
    assert time.monotonic() >= another_server.quiet_until
    assert another_server.known_version() is None
    assert another_server.read(lambda: shared_redis.get(key)) not in (None, first)
    another_server.close()


def test_a_lost_connection_means_asking_redis_again(shared_redis, redis_url, version_key):
    shared_redis.set(version_key, "v1")
    watch = SharedVersionWatch(redis_url, version_key)
    read, reads = reader(shared_redis, version_key)
    watch.read(read)
    shared_redis.client_kill_filter(_id=watch.client_id)
    assert watch.known_version() is None
    shared_redis.set(version_key, "v2")
    assert watch.read(read) == b"v2"
    shared_redis.set(version_key, "v3")
    shared_redis.ping()  # the writer's next command: Redis has announced the write by then
    time.sleep(ANNOUNCEMENT_LOOK_SECONDS)  # and the writer waits this long (replace_version)
    assert watch.known_version() is None
    watch.close()


def test_a_flushed_redis_means_asking_again(redis_server, version_key):
    # A database of its own on the suite's own server: FLUSHDB touches nothing else.
    flushed_url = f"redis://127.0.0.1:{redis_server.port}/13"
    flushed = redis.Redis.from_url(flushed_url)
    flushed.set(version_key, "v1")
    watch = SharedVersionWatch(flushed_url, version_key)
    read, _reads = reader(flushed, version_key)
    assert watch.read(read) == b"v1"
    flushed.flushdb()
    flushed.ping()  # the writer's next command: Redis has announced the write by then
    time.sleep(ANNOUNCEMENT_LOOK_SECONDS)  # and the writer waits this long (replace_version)
    assert watch.known_version() is None
    assert watch.read(read) is None
    watch.close()


@pytest.mark.django_db
def test_the_page_cache_on_redis_serves_the_new_version_written_by_another_server(
    client, glossary_entry, shared_cache, shared_redis
):
    assert client.get(ENTRY_URL)["X-Page-Cache"] == "miss"
    assert client.get(ENTRY_URL)["X-Page-Cache"] == "hit"
    watch = version_module.version_watch()
    assert watch is not None and watch.connection is not None

    # Another app server publishes: it only writes the shared version in Redis.
    shared_redis.set(cache.make_key(VERSION_KEY), cache.client.encode("version-of-another-server"))
    shared_redis.ping()  # its next command, then its wait (replace_version)
    time.sleep(ANNOUNCEMENT_LOOK_SECONDS)
    response = client.get(ENTRY_URL)
    assert response["X-Page-Cache"] == "miss"
    assert "Agence community management" in response.content.decode()
    assert client.get(ENTRY_URL)["X-Page-Cache"] == "hit"
    assert version_module.current_version().endswith(".version-of-another-server")


def test_without_redis_announcements_the_version_is_read_each_time(version_key):
    watch = SharedVersionWatch("redis://127.0.0.1:1/0", version_key)
    reads = []

    def read():
        reads.append("read")
        return "v1"

    assert [watch.read(read) for _ in range(3)] == ["v1"] * 3
    assert [watch.known_version() for _ in range(3)] == [None] * 3
    assert reads == ["read"] * 3
    # One attempt to listen, then a pause before the next: no connection attempt on every request.
    assert watch.connection is None and watch.retry_at > 0


def test_a_connection_gone_silent_costs_at_most_a_second(shared_redis, redis_url, version_key, caplog):
    shared_redis.set(version_key, "v1")
    watch = SharedVersionWatch(redis_url, version_key)
    read, reads = reader(shared_redis, version_key)
    watch.read(read)
    # A connection that stays open but hears nothing, as behind a NAT that dropped it without a word.
    watch.connection.disconnect()
    deaf = redis.Redis.from_url(redis_url, protocol=2).connection_pool.make_connection()
    deaf.connect()
    deaf.send_command("SUBSCRIBE", "some-quiet-channel")
    deaf.read_response()
    watch.connection = deaf

    shared_redis.set(version_key, "v2")
    assert watch.known_version() == b"v1"  # nothing announced: trusted for now...
    watch.confirmed_at -= 2  # ...but not for more than a second.
    assert watch.known_version() is None
    assert watch.read(read) == b"v2"
    assert "unannounced" in caplog.text
    # The deaf connection was dropped; the next read listens again and hears the next write.
    assert watch.connection is None
    assert watch.read(read) == b"v2"
    shared_redis.set(version_key, "v3")
    shared_redis.ping()  # the writer's next command: Redis has announced the write by then
    time.sleep(ANNOUNCEMENT_LOOK_SECONDS)  # and the writer waits this long (replace_version)
    assert watch.known_version() is None
    watch.close()
    deaf.disconnect()


def test_the_pages_named_by_the_last_edits_may_expire_without_an_announcement(
    shared_redis, redis_url, version_key, caplog
):
    """Redis announces an expired key once a read has it deleted: the read already shows it gone. Only the version
    itself must not change unannounced (CONCERNED_KEY: the pages of the last edits, gone after the stale window)."""
    from agency_site.pagecache.version import parse_version

    shared_redis.set(version_key, "v1")
    watch = SharedVersionWatch(redis_url, version_key)
    named = parse_version("w", "v1", {"/glossaire/": 1.0})
    assert watch.read(lambda: named) == named
    watch.confirmed_at -= 2
    expired = parse_version("w", "v1")
    assert watch.read(lambda: expired) == expired
    assert "unannounced" not in caplog.text
    assert watch.connection is not None and watch.version == expired
    watch.close()


def other_thread_ran_during(check, seconds):
    """Whether a thread waiting for the GIL got it while `check` was called again and again for `seconds` (stopping
    as soon as it did). With a switch interval of a minute, the only way for it to get the GIL is the calling thread
    letting go of it around a system call."""
    import sys
    import threading

    progress = []
    stop = threading.Event()

    def spin():
        while not stop.is_set():
            progress.append(None)
            time.sleep(0.0001)  # lets go of the GIL at once, whatever the switch interval

    interval = sys.getswitchinterval()
    sys.setswitchinterval(60)
    spinner = threading.Thread(target=spin)
    try:
        spinner.start()
        while not progress:  # the spinner runs: from now on, each of its sleeps ends waiting for the GIL
            time.sleep(0.001)
        before = len(progress)
        deadline = time.monotonic() + seconds
        while len(progress) == before and time.monotonic() < deadline:
            check()
        ran = len(progress) != before
        deadline = time.monotonic() + 5
        while len(progress) == before and time.monotonic() < deadline:
            time.sleep(0.001)  # lets go of the GIL: the spinner runs, unless it was not waiting at all
        assert len(progress) > before, "the spinner never ran: the probe proves nothing"
        return ran
    finally:
        stop.set()
        sys.setswitchinterval(interval)
        spinner.join()


def test_a_look_at_the_announcements_keeps_the_gil_and_sees_them():
    """When the watch looks at its socket, it keeps the GIL, so that another thread of the worker does not take over.
    select.poll() lets go of it: the probe sees that, so it can see the look doing it too."""
    import select
    import socket

    from agency_site.pagecache.version import readable_check

    ours, redis_side = socket.socketpair()
    try:
        announced = readable_check(ours.fileno())
        assert not announced()
        # 50 ms of looks: the spinner's sleep ends after 0.1 ms, and it then waits for the GIL the whole time.
        assert not other_thread_ran_during(announced, seconds=0.05)

        poller = select.poll()
        poller.register(ours.fileno(), select.POLLIN)
        assert other_thread_ran_during(lambda: poller.poll(0), seconds=5)

        redis_side.send(b">2\r\n")
        assert announced()
        ours.recv(16)
        assert not announced()
        redis_side.close()
        assert announced()  # a closed connection is looked at too: reading it tells the watch to listen anew
    finally:
        ours.close()


def test_without_libc_the_look_falls_back_to_select(monkeypatch):
    import ctypes
    import socket

    from agency_site.pagecache.version import readable_check

    def no_libc(name):
        raise OSError("no libc here")

    monkeypatch.setattr(ctypes, "PyDLL", no_libc)
    ours, redis_side = socket.socketpair()
    try:
        announced = readable_check(ours.fileno())
        assert not announced()
        redis_side.send(b"x")
        assert announced()
    finally:
        ours.close()
        redis_side.close()


def test_a_forked_worker_builds_its_own_watch_and_the_parent_keeps_its_own(settings, redis_url):
    """gunicorn forks its workers from the master: a worker must never look at, or read, its parent's socket. The
    watch is forgotten at the fork (os.register_at_fork), not by comparing os.getpid() on every hit."""
    import os
    import signal
    import warnings

    redis_cache = {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": redis_url, "KEY_PREFIX": "test-fork"}
    settings.CACHES = {"default": redis_cache, "pagecache": redis_cache}
    version_module.reset_version_watch()
    parent_watch = version_module.version_watch()
    assert isinstance(parent_watch, SharedVersionWatch)
    read_end, write_end = os.pipe()
    with warnings.catch_warnings():
        # The suite's threads (a redis-server reader, say) hold no lock the child takes: it only builds a watch.
        warnings.simplefilter("ignore", DeprecationWarning)
        pid = os.fork()
    if pid == 0:
        code = 1
        try:
            child_watch = version_module.version_watch()
            same = child_watch is parent_watch
            kind = type(child_watch).__name__
            os.write(write_end, f"{same} {kind}".encode())
            code = 0
        finally:
            os._exit(code)
    try:
        os.close(write_end)
        # A child stuck on a lock held at the fork must fail the test, not hang the suite.
        deadline = time.monotonic() + 30
        while (waited := os.waitpid(pid, os.WNOHANG))[0] == 0 and time.monotonic() < deadline:
            time.sleep(0.05)
        if waited[0] == 0:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            pytest.fail("the forked process did not build its watch within 30 s")
        assert os.waitstatus_to_exitcode(waited[1]) == 0
        assert os.read(read_end, 100).decode() == "False SharedVersionWatch"
        assert version_module.version_watch() is parent_watch
    finally:
        os.close(read_end)
        version_module.reset_version_watch()
