"""Several processes on one database without Redis (the embedded default): a change made by any of them shows everywhere.

Real processes, as `make serve-prod` runs them: gunicorn with three workers on the production settings, a
change published from a `manage.py shell` beside it, on a SQLite file (or PostgreSQL when DATABASE_URL is set).
"""

import os
import secrets
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings

from agency_site.tests.servers import fetch, free_port, start_gunicorn, wait_until_healthy

ENTRY_URL = "/glossaire/agence-community-management/"
BASE_DIR = Path(settings.BASE_DIR)
WORKERS = 3
pytestmark = pytest.mark.slow


@pytest.fixture
def database_url(tmp_path):
    """A database of this test only: a SQLite file, or a PostgreSQL database created and dropped here."""
    server = os.environ.get("DATABASE_URL", "")
    if not server.startswith("postgres"):
        yield f"sqlite:///{tmp_path / 'site.sqlite3'}"
        return
    name = f"processes_{uuid.uuid4().hex[:12]}"
    admin_url = server.rsplit("/", 1)[0] + "/postgres"
    run_as_admin(admin_url, f'CREATE DATABASE "{name}"')
    try:
        yield server.rsplit("/", 1)[0] + f"/{name}"
    finally:
        run_as_admin(admin_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def run_as_admin(admin_url, statement):
    """CREATE/DROP DATABASE, which PostgreSQL runs outside a transaction only."""
    import psycopg2

    connection = psycopg2.connect(admin_url)
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            cursor.execute(statement)
    finally:
        connection.close()


@pytest.fixture
def production_environment(database_url, tmp_path):
    environment = {
        key: value for key, value in os.environ.items() if key not in ("REDIS_URL", "DJANGO_SETTINGS_MODULE")
    }
    environment.update(
        DJANGO_SETTINGS_MODULE="agency_site.settings.production",
        DATABASE_URL=database_url,
        SECRET_KEY=secrets.token_urlsafe(50),
        SECURE_SSL_REDIRECT="False",
        ALLOWED_HOSTS="127.0.0.1",
        STATIC_ROOT=str(tmp_path / "static"),
        MEDIA_ROOT=str(tmp_path / "media"),
        WAGTAILADMIN_BASE_URL="http://127.0.0.1",
        GUNICORN_ACCESS_LOG="off",
        LOG_LEVEL="WARNING",
    )
    for command in (["migrate", "--noinput", "-v0"], ["collectstatic", "--noinput", "-v0"]):
        subprocess.run(  # noqa: S603 (fixed arguments, no shell)
            [sys.executable, "manage.py", *command], cwd=BASE_DIR, env=environment, check=True, capture_output=True
        )
    # The entry the test publishes, under its index and the home page, and the agency's settings: built by the
    # test factories in the servers' own database.
    run_shell(
        environment,
        "from agency_site.tests.factories import AgencySettingsFactory, NavigationSettingsFactory;"
        "from glossary.tests.factories import GlossaryEntryPageFactory;"
        "GlossaryEntryPageFactory(title='Agence community management');"
        "AgencySettingsFactory();"
        "NavigationSettingsFactory()",
    )
    return environment


@pytest.fixture
def gunicorn_workers(production_environment):
    port = free_port()
    environment = {**production_environment, "WEB_CONCURRENCY": str(WORKERS), "GUNICORN_THREADS": "2"}
    process = start_gunicorn(environment, port, quiet=False)
    try:
        wait_until_healthy(process, port)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=30)


def warm_every_worker(port):
    """Ask until several answers in a row are hits: each of the workers has rendered and kept the page."""
    hits_in_a_row = 0
    for _ in range(200):
        status, headers, _body = fetch(port, ENTRY_URL)
        assert status == 200
        hits_in_a_row = hits_in_a_row + 1 if headers["X-Page-Cache"] == "hit" else 0
        if hits_in_a_row >= 6 * WORKERS:
            return
    raise AssertionError("the workers never all held the page")


def publish_from_a_shell(environment, title):
    code = (
        "from glossary.models import GlossaryEntryPage;"
        "entry = GlossaryEntryPage.objects.get(slug='agence-community-management');"
        f"entry.title = {title!r};"
        "entry.save_revision().publish()"
    )
    subprocess.run(  # noqa: S603 (fixed arguments, no shell)
        [sys.executable, "manage.py", "shell", "-c", code], cwd=BASE_DIR, env=environment, check=True
    )


def test_a_publish_from_a_shell_is_served_by_every_worker(gunicorn_workers, production_environment):
    port = gunicorn_workers
    warm_every_worker(port)
    assert "Agence community management" in fetch(port, ENTRY_URL)[2]

    publish_from_a_shell(production_environment, "Agence de community management à Lyon")
    published_at = time.monotonic()

    # Each worker reads the shared version at most a second after it changed: past that, every answer has it.
    time.sleep(max(0.0, 1.5 - (time.monotonic() - published_at)))
    answers = [fetch(port, ENTRY_URL)[2] for _ in range(10 * WORKERS)]
    assert all("Agence de community management à Lyon" in body for body in answers)
    assert not any("<h1>Agence community management</h1>" in body for body in answers)


def run_shell(environment, code):
    subprocess.run(  # noqa: S603 (fixed arguments, no shell)
        [sys.executable, "manage.py", "shell", "-c", code], cwd=BASE_DIR, env=environment, check=True
    )


def create_entry(title, slug, paragraph):
    return (
        "from glossary.models import GlossaryEntryPage, GlossaryIndexPage;"
        "index = GlossaryIndexPage.objects.live().first();"
        f"entry = index.add_child(instance=GlossaryEntryPage(title={title!r}, slug={slug!r},"
        f" short_definition='Définition de test.', body=[{{'type': 'paragraph', 'value': {paragraph!r}}}]));"
        "entry.save_revision().publish()"
    )


@pytest.fixture
def make_run(tmp_path):
    """`make run`: the development settings, runserver and a real db_worker beside it, on a SQLite file."""
    environment = {
        key: value for key, value in os.environ.items() if key not in ("REDIS_URL", "DJANGO_SETTINGS_MODULE")
    }
    port = free_port()
    environment.update(
        DJANGO_SETTINGS_MODULE="agency_site.settings.dev",
        DATABASE_URL=f"sqlite:///{tmp_path / 'site.sqlite3'}",
        MEDIA_ROOT=str(tmp_path / "media"),
        PORT=str(port),
        LOG_LEVEL="WARNING",
    )
    for command in (["migrate", "--noinput", "-v0"], ["load_demo_content"]):
        subprocess.run(  # noqa: S603 (fixed arguments, no shell)
            [sys.executable, "manage.py", *command], cwd=BASE_DIR, env=environment, check=True, capture_output=True
        )
    run_shell(environment, create_entry("Terme témoin", "terme-temoin", "<p>Une relecture experte compte.</p>"))
    processes = [
        subprocess.Popen(  # noqa: S603 (fixed arguments, no shell)
            [sys.executable, "manage.py", *arguments], cwd=BASE_DIR, env=environment
        )
        for arguments in (
            ["runserver", "--noreload", f"127.0.0.1:{port}"],
            ["db_worker", "--queue-name", "*", "--interval", "0.2"],
        )
    ]
    try:
        wait_until_healthy(processes[0], port)
        yield port, environment
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=30)


def test_under_make_run_a_published_term_shows_as_a_link_once_the_worker_relinked(make_run):
    port, environment = make_run
    witness = "/glossaire/terme-temoin/"
    for _ in range(2):
        status, _headers, body = fetch(port, witness)
        assert status == 200 and "relecture experte" in body
    assert 'href="/glossaire/relecture-experte/"' not in body

    run_shell(environment, create_entry("Relecture experte", "relecture-experte", "<p>Relire.</p>"))

    # The worker re-links the witness page in its own process; the server sees it without a restart.
    deadline = time.monotonic() + 60
    while 'href="/glossaire/relecture-experte/"' not in fetch(port, witness)[2]:
        assert time.monotonic() < deadline, "the witness page never showed the new term as a link"
        time.sleep(0.5)
