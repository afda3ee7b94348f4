"""Real servers the tests start and stop themselves: a redis-server on a free port, gunicorn, HTTP helpers."""

import http.client
import secrets
import shutil
import socket
import subprocess
import sys
import time

import pytest
from django.db import connection


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(port, path, headers=None, method="GET", body=None, timeout=10):
    """(status, headers, text) of one request to a server of this test on 127.0.0.1."""
    client = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        client.request(method, path, body=body, headers=headers or {})
        response = client.getresponse()
        return response.status, dict(response.getheaders()), response.read().decode()
    finally:
        client.close()


def wait_until_healthy(process, port, deadline=90):
    started = time.monotonic()
    while time.monotonic() - started < deadline:
        if process.poll() is not None:
            raise AssertionError(f"server on port {port} exited with {process.returncode}")
        try:
            if fetch(port, "/healthz")[0] == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"server on port {port} never became healthy")


def start_gunicorn(environment, port, quiet=True):
    """gunicorn with the project's gunicorn.conf.py on 127.0.0.1:port, as `make serve-prod` starts it."""
    from django.conf import settings

    output = subprocess.DEVNULL if quiet else None
    return subprocess.Popen(  # noqa: S603 (fixed arguments, no shell)
        [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "--bind", f"127.0.0.1:{port}"],
        cwd=settings.BASE_DIR,
        env=environment,
        stdout=output,
        stderr=output,
    )


def wait_for_other_sessions_to_end(timeout=15):
    """After stopping the processes that used the test database: PostgreSQL ends a session a moment after its
    client exits, and pytest-django cannot drop a database that still has one. The sessions still open at the
    deadline, if any (an empty list once they all ended)."""
    if connection.vendor != "postgresql":
        return []
    deadline = time.monotonic() + timeout
    while True:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pid, client_port, state, backend_start, left(query, 80) FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
            others = cursor.fetchall()
        if not others or time.monotonic() > deadline:
            return others
        time.sleep(0.1)


@pytest.fixture(scope="session")
def settled_database_sessions(django_db_setup, django_db_blocker):
    """At the end of a worker's run, before its test database is dropped: let the sessions of the processes and
    threads that tests started end (nothing is killed), and name the ones that did not, with their client's port."""
    yield
    import warnings

    with django_db_blocker.unblock():
        others = wait_for_other_sessions_to_end()
    if others:
        warnings.warn(f"sessions still open on the test database: {others}", stacklevel=1)


class RedisServer:
    """A redis-server of this test run only, on a free port, without persistence: nothing else is touched."""

    def __init__(self, folder):
        self.folder = folder
        self.port = free_port()
        self.process = None

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        executable = shutil.which("redis-server")
        if executable is None:
            pytest.skip("redis-server is missing: `make redis-server` installs it")
        self.process = subprocess.Popen(  # noqa: S603 (fixed arguments, no shell)
            [executable, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            cwd=self.folder,
            stdout=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    return self
            except OSError:
                time.sleep(0.05)
        raise AssertionError(f"redis-server did not start on port {self.port}")

    def stop(self):
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory):
    """One redis-server for the whole run (per xdist worker), started by the suite and stopped after it."""
    server = RedisServer(tmp_path_factory.mktemp("redis")).start()
    yield server
    server.stop()


@pytest.fixture
def shared_cache(settings, redis_server):
    """Pages and the content version in the suite's Redis, under a prefix of this test, as in production."""
    from agency_site.pagecache.version import reset_version_watch

    prefix = f"test-{secrets.token_hex(4)}"
    redis_cache = {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": redis_server.url, "KEY_PREFIX": prefix}
    settings.CACHES = {"default": redis_cache, "pagecache": redis_cache}
    reset_version_watch()
    yield prefix
    reset_version_watch()
