"""Fixtures shared by every app's tests."""

import pytest

# One Chromium for the whole run: two sync Playwright sessions cannot share a process.
pytest_plugins = ["agency_site.tests.browser.fixtures"]


def ensure_wagtail_base_rows():
    """Transactional tests end with a flush: put back what migrations created (content types, permissions,
    Wagtail's locale, root page and root collection) so the next test can build its tree in any order."""
    from django.conf import settings
    from django.core.management.sql import emit_post_migrate_signal
    from wagtail.coreutils import get_supported_content_language_variant
    from wagtail.models import Collection, Locale, Page

    if Locale.objects.exists() and Page.objects.filter(depth=1).exists() and Collection.objects.exists():
        return
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    if not Locale.objects.exists():
        Locale.objects.create(language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE))
    if not Page.objects.filter(depth=1).exists():
        Page.add_root(instance=Page(title="Root", slug="root"))
    if not Collection.objects.exists():
        Collection.add_root(name="Root")


@pytest.fixture(autouse=True)
def empty_cache():
    """Every test starts with an empty cache: page cache entries and rate-limit counters never leak."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def demo_site(db, tmp_path, monkeypatch):
    """The whole demo tree, built by the same code as `manage.py load_demo_content`."""
    from agency_site.demo import loader

    ensure_wagtail_base_rows()
    monkeypatch.setattr(loader, "CREDENTIALS_FILE", tmp_path / "editor-password")
    return loader.load_demo_content(log=lambda message: None)


@pytest.fixture
def home_page(db):
    from agency_site.tests.factories import HomePageFactory, make_default_site

    ensure_wagtail_base_rows()
    home = HomePageFactory()
    make_default_site(home)
    return home
