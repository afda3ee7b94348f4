"""Fixtures shared by every app's tests."""

import pytest


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
    from agency_site.demo import builder

    monkeypatch.setattr(builder, "CREDENTIALS_FILE", tmp_path / "editor-password")
    demo = builder.DemoBuilder(log=lambda message: None)
    demo.editor_password = demo.build()
    return demo


@pytest.fixture
def home_page(db):
    from agency_site.tests.factories import HomePageFactory, make_default_site

    home = HomePageFactory()
    make_default_site(home)
    return home
