"""Browser-test fixtures (Chromium through Playwright, live server with every page type), loaded once for the whole run."""

import json
import os
import re
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.utils.text import slugify

# Playwright's sync API runs an event loop in this thread; Django's ORM calls in the tests are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
NODE_MODULES = Path(django_settings.BASE_DIR) / "node_modules"
AXE_SCRIPT = NODE_MODULES / "axe-core" / "axe.min.js"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
ARTIFACTS = Path(django_settings.BASE_DIR) / "test-artifacts"
PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}


def pytest_collection_modifyitems(items):
    for item in items:
        if "/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.call_report = report
    return report


@pytest.fixture(scope="session")
def chromium():
    from playwright.sync_api import expect, sync_playwright

    # `make test` runs two workers on a two-core machine, with gunicorn, Redis and Chromium beside them: a first,
    # uncached render can take longer than the 5 s Playwright waits for an assertion by default.
    expect.set_options(timeout=15_000)
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make browser-deps` (installs Debian's chromium package).")
    from agency_site.warmup import close_connections_outside_transactions

    # While Playwright's loop runs in this thread, Django keeps this thread's database connections apart from the ones
    # opened before (asgiref's Local follows the running loop): those would stay open, unseen, and PostgreSQL would
    # refuse to drop the test database at the end of the run. Closed before the loop starts, and before it stops.
    close_connections_outside_transactions()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield browser
        browser.close()
        close_connections_outside_transactions()


@pytest.fixture
def live_site(live_server, django_db_serialized_rollback, settings, tmp_path, request):
    """Every page type (the full_site fixture) on the live server, an editor of the agency, and uploaded images on
    disk so the browser can load them.

    The live server needs committed data, so each test flushes the database; the serialized rollback
    puts back what migrations created (Wagtail's root page, locale, root collection) for the next test.
    """
    from agency_site.tests.factories import EDITOR_PASSWORD, EditorFactory

    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}}
    site = request.getfixturevalue("full_site")
    site.editor = EditorFactory(first_name="Camille", last_name="Martin")
    site.editor_password = EDITOR_PASSWORD
    site.url = live_server.url
    return site


class ConsoleWatch:
    """Every console error and uncaught exception of a browser page, except the ones a test expects."""

    def __init__(self):
        self.errors = []
        self.expected = []

    def expect(self, pattern):
        self.expected.append(re.compile(pattern))

    def record(self, text):
        self.errors.append(text)

    def unexpected(self):
        return [error for error in self.errors if not any(pattern.search(error) for pattern in self.expected)]


@pytest.fixture
def console():
    return ConsoleWatch()


@pytest.fixture
def page(chromium, live_site, console, request):
    """A fresh browser tab at phone width; the test fails if any page logged a console error."""
    if not AXE_SCRIPT.exists():
        pytest.fail(f"{AXE_SCRIPT} is missing: run `make browser-deps` (npm ci).")
    context = chromium.new_context(viewport=PHONE, locale="fr-FR", base_url=live_site.url)
    # An init script is not subject to the pages' strict CSP, which (rightly) blocks an injected <script>.
    context.add_init_script(path=AXE_SCRIPT)
    context.route("**/contact/jeton/", answer_with_a_backdated_token)
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    tab.on("console", lambda message: message.type == "error" and console.record(f"{tab.url}: {message.text}"))
    tab.on("pageerror", lambda error: console.record(f"{tab.url}: {error}"))
    yield tab
    report = getattr(request.node, "call_report", None)
    if report is not None and report.failed:
        # What the browser showed when the test failed, for whoever reads the CI artefacts.
        (ARTIFACTS / "failures").mkdir(parents=True, exist_ok=True)
        tab.screenshot(path=ARTIFACTS / "failures" / f"{artifact_name(request.node.name)}.png", full_page=True)
    context.close()
    assert console.unexpected() == []


def log_in_as_editor(page, live_site):
    """Through the admin's own login form, at desktop width; returns the editor."""
    from playwright.sync_api import expect

    page.set_viewport_size(DESKTOP)
    page.goto("/admin/login/")
    page.locator("#id_username").fill(live_site.editor.username)
    page.locator("#id_password").fill(live_site.editor_password)
    page.locator("#id_password").press("Enter")
    expect(page).to_have_url(re.compile(r"/admin/$"))
    return live_site.editor


def answer_with_a_backdated_token(route):
    """/contact/jeton/ as it would answer a visitor who opened the form a minute ago.

    A browser test fills the form at machine speed; the shipped minimum fill time stays on, and the
    token says the visitor took the time a person takes.
    """
    from contact import spam

    route.fulfill(json={"token": spam.issue_token(issued_at=time.time() - 60)}, headers={"Cache-Control": "no-store"})


def artifact_name(name):
    return slugify(name)


def screenshots(page, name):
    """Full-page screenshots at phone and desktop width, kept as test artefacts."""
    folder = ARTIFACTS / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    for label, viewport in (("375", PHONE), ("1280", DESKTOP)):
        page.set_viewport_size(viewport)
        page.screenshot(path=folder / f"{artifact_name(name)}-{label}.png", full_page=True)
    page.set_viewport_size(PHONE)


def axe_violations(page):
    """axe-core's WCAG 2.x A/AA and best-practice violations on the page as it is now."""
    result = page.evaluate(
        """async () => {
            const result = await axe.run(document, {
                runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]},
            });
            return result.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => n.target.join(" ") + " — " + n.failureSummary),
            }));
        }"""
    )
    return result


def nu_errors(html_files):
    """The Nu HTML checker's errors for these files, in one JVM run."""
    if not VNU_JAR.exists():
        pytest.fail(f"{VNU_JAR} is missing: run `make browser-deps` (npm ci).")
    java = shutil.which("java")
    if java is None:
        pytest.fail("java is missing: run `make browser-deps` (installs a JRE).")
    completed = subprocess.run(  # noqa: S603 - fixed command, files written by the test itself
        [java, "-jar", str(VNU_JAR), "--format", "json", "--stdout", *map(str, html_files)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    messages = json.loads(completed.stdout or "{}").get("messages", [])
    return [
        f"{Path(message.get('url', '')).name}:{message.get('lastLine')}: {message.get('message')} — {message.get('extract', '')!r}"
        for message in messages
        if message.get("type") == "error" or message.get("subType") == "fatal"
    ]
