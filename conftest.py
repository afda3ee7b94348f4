"""Fixtures shared by every app's tests."""

from pathlib import Path
from types import SimpleNamespace

import pytest

# One Chromium for the whole run: two sync Playwright sessions cannot share a process.
pytest_plugins = ["agency_site.tests.browser.fixtures", "agency_site.tests.servers"]


def pytest_sessionfinish(session):
    """Django deletes the SQLite test database file but not the WAL journal beside it."""
    from django.conf import settings

    name = str(settings.DATABASES["default"].get("TEST", {}).get("NAME") or "")
    if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3") and name:
        stem = Path(name)
        for leftover in stem.parent.glob(f"{stem.stem}*.sqlite3*"):
            leftover.unlink(missing_ok=True)


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


def clear_caches(database=True):
    from django.conf import settings
    from django.core.cache import caches

    from agency_site.pagecache.entries import recent_entries, version_memo
    from agency_site.pagecache.middleware import traffic
    from agency_site.pagecache.version import reset_version_watch
    from agency_site.pagecache.wsgi import key_memo

    for alias, options in settings.CACHES.items():
        if database or not options["BACKEND"].endswith("DatabaseCache"):
            caches[alias].clear()
    recent_entries.clear()
    key_memo.clear()
    version_memo.clear()
    # Each test starts on a quiet process: another test's requests do not make it busy.
    traffic.reset()
    reset_version_watch()


def uses_database(request):
    return bool(
        request.node.get_closest_marker("django_db")
        or {"db", "transactional_db", "django_db_reset_sequences", "live_server"} & set(request.fixturenames)
    )


@pytest.fixture(autouse=True)
def empty_cache(request, django_db_blocker):
    """Every test starts with an empty cache: page cache entries and rate-limit counters never leak.

    The embedded default keeps counters and the content version in the test database's cache table; a
    test without the database (one that starts its own processes and database) has no such table."""
    database = uses_database(request)
    if database:
        request.getfixturevalue("django_db_setup")
        request.getfixturevalue("settled_database_sessions")
    with django_db_blocker.unblock():
        clear_caches(database)
    yield
    with django_db_blocker.unblock():
        clear_caches(database)


@pytest.fixture
def demo_site(db, tmp_path, monkeypatch):
    """The whole demo tree, built by the same code as `manage.py load_demo_content`."""
    from agency_site.demo import loader

    ensure_wagtail_base_rows()
    monkeypatch.setattr(loader, "CREDENTIALS_FILE", tmp_path / "editor-password")
    return loader.load_demo_content(log=lambda message: None)


@pytest.fixture
def home_page(db):
    from agency_site.tests.factories import site_home_page

    ensure_wagtail_base_rows()
    return site_home_page()


@pytest.fixture
def glossary_entry(home_page):
    """One published entry, /glossaire/agence-community-management/, under the glossary index under the home page,
    and the agency's settings: the smallest site a test of a whole page (headers, cache, redirects) needs."""
    from agency_site.tests.factories import AgencySettingsFactory, NavigationSettingsFactory, body_params
    from glossary.tests.factories import GlossaryEntryPageFactory

    # Settings rows exist on a running site: the first view would otherwise create them, a change that empties
    # the page cache.
    AgencySettingsFactory()
    NavigationSettingsFactory()
    return GlossaryEntryPageFactory(
        title="Agence community management",
        short_definition="L’agence community management élabore des stratégies de création de communautés.",
        **body_params(
            ("p", "Une agence qui anime vos communautés sur les réseaux sociaux."),
            ("h2", "Que fait un community manager ?"),
            ("p", "Il écoute, publie et répond au nom de la marque."),
        ),
    )


OFFER_TITLES = ["Communication digitale", "Social media", "Marketing digital", "Transformation digitale"]


@pytest.fixture
def site_tree(home_page):
    """The agency's site built with the page factories, each page under a parent its type allows:

    root → home → offers index (the four offers), glossary index (one entry with images and offers),
    contact page, legal notice and privacy policy; the agency's details, the main menu and the footer.
    """
    from wagtail_factories import ImageFactory

    from agency_site.tests.factories import (
        AgencySettingsFactory,
        NavigationSettingsFactory,
        StandardPageFactory,
        body_params,
        menu_links,
    )
    from contact.tests.factories import ContactPageFactory
    from glossary.tests.factories import GlossaryEntryPageFactory, GlossaryIndexPageFactory
    from services.tests.factories import ServiceIndexPageFactory, ServicePageFactory

    home_page.seo_title = "50A, agence digitale à Paris : communication, social media, marketing"
    home_page.hero_title = "Votre agence digitale à Paris, qui co-construit avec vous"
    home_page.save_revision().publish()
    home_page.refresh_from_db()
    service_index = ServiceIndexPageFactory(parent=home_page)
    offers = [
        ServicePageFactory(
            parent=service_index,
            title=title,
            **body_params(("h2", "Ce que nous faisons avec vous"), ("p", f"Votre projet de {title.lower()}.")),
        )
        for title in OFFER_TITLES
    ]
    glossary_index = GlossaryIndexPageFactory(parent=home_page, intro="Les mots du marketing digital.")
    # The size of a share card, so the 1200 × 630 crop is not upscaled.
    illustration = ImageFactory(title="Illustration community management", file__width=1200, file__height=675)
    entry = GlossaryEntryPageFactory(
        parent=glossary_index,
        title="Agence community management",
        short_definition="L’agence community management élabore des stratégies de création de communautés.",
        synonyms="agence social media",
        social_image=illustration,
        **body_params(
            ("p", "Une agence qui anime vos communautés."),
            ("image", illustration, "Une communauté autour d’une marque"),
            ("h2", "Que fait un community manager ?"),
            ("p", "Il écoute, publie et répond."),
            ("image", ImageFactory(title="Réactions d’une communauté"), "Des réactions autour d’une publication"),
        ),
    )
    entry.set_services(offers)
    entry.save_revision().publish()
    contact_page = ContactPageFactory(parent=home_page)
    legal_notice = StandardPageFactory(parent=home_page, title="Mentions légales", slug="mentions-legales")
    privacy_policy = StandardPageFactory(
        parent=home_page,
        title="Politique de confidentialité",
        slug="confidentialite",
        **body_params(("p", "Vous pouvez saisir la CNIL d’une réclamation.")),
    )
    AgencySettingsFactory()
    NavigationSettingsFactory(
        main_menu=menu_links([service_index, glossary_index, contact_page]),
        footer_links=menu_links([legal_notice, privacy_policy, contact_page]),
    )
    return SimpleNamespace(
        home=home_page,
        service_index=service_index,
        offers={offer.slug: offer for offer in offers},
        glossary_index=glossary_index,
        entry=GlossaryEntryPageFactory._meta.model.objects.get(pk=entry.pk),
        contact_page=contact_page,
        legal_notice=legal_notice,
        privacy_policy=privacy_policy,
    )


@pytest.fixture
def full_site(site_tree):
    """The site tree with everything else a page can show, for tests that look at whole pages (markup, browser):

    the entry gets a category, a table of contents, a numbered list, a quote and two related entries that its body
    mentions (so auto-linked); the home page gets its introductions, the offers index its introduction, the agency
    its map, and the legal notice page the legal notice block.
    """
    from wagtail_factories import ImageFactory

    from agency_site.models import AgencySettings
    from agency_site.tests.factories import body_params, body_value
    from glossary.tests.factories import GlossaryCategoryFactory, GlossaryEntryPageFactory

    social_networks = GlossaryCategoryFactory(name="Réseaux sociaux", slug="reseaux-sociaux")
    related = [
        GlossaryEntryPageFactory(
            parent=site_tree.glossary_index,
            title="Communauté",
            short_definition="Les personnes qui suivent une marque et échangent avec elle et entre elles.",
            category=social_networks,
            **body_params(("p", "Une communauté se construit dans la durée, message après message.")),
        ),
        GlossaryEntryPageFactory(
            parent=site_tree.glossary_index,
            title="Social media manager",
            short_definition="Le responsable de la stratégie d’une marque sur les réseaux sociaux.",
            synonyms="SMM\nresponsable social media",
            category=social_networks,
            **body_params(("p", "Il fixe les objectifs que le community manager poursuit au quotidien.")),
        ),
    ]
    entry = site_tree.entry
    # Images as wide as the largest rendition a page asks for, as editors upload them: a narrower one repeats a
    # width in srcset, which the Nu HTML checker rejects.
    reactions = ImageFactory(title="Réactions d’une communauté", file__width=1200, file__height=800)
    entry.category = social_networks
    entry.body = body_value(
        ("p", "Une agence qui anime vos communautés, aux côtés de votre social media manager."),
        ("image", entry.social_image, "Une communauté autour d’une marque"),
        ("h2", "Que fait un community manager ?"),
        ("ol", ["Il écoute ce qui se dit de la marque.", "Il publie.", "Il répond à chaque message."]),
        ("image", reactions, "Des réactions autour d’une publication"),
        ("h2", "Pourquoi confier vos réseaux à une agence ?"),
        ("p", "Pour une voix constante, des publications régulières et des réponses rapides."),
        ("quote", "Une marque qui répond à sa communauté gagne sa confiance.", "L’équipe 50A"),
    )
    entry.set_related_entries(related)
    entry.save_revision().publish()
    site_tree.home.services_intro = "Quatre offres, un même principe : construire avec vos équipes."
    site_tree.home.glossary_intro = "Les mots du marketing digital, expliqués simplement."
    site_tree.home.save_revision().publish()
    site_tree.service_index.intro = "Nous vous accompagnons de la stratégie à la mise en œuvre."
    site_tree.service_index.save_revision().publish()
    site_tree.legal_notice.body = [
        ("heading", {"text": "Éditeur et hébergeur du site", "level": "h2", "anchor": ""}),
        ("legal_notice", None),
    ]
    site_tree.legal_notice.save_revision().publish()
    agency = AgencySettings.objects.get()
    agency.map_image = ImageFactory(title="Plan d’accès à l’agence", file__width=1200, file__height=750)
    agency.save()
    site_tree.entry = type(entry).objects.get(pk=entry.pk)
    site_tree.related_entries = related
    return site_tree


@pytest.fixture
def editor_client(client, site_tree):
    """A client logged in as an editor of the agency: the admin, and pages under the home page."""
    from agency_site.tests.factories import EDITOR_PASSWORD, EditorFactory

    editor = EditorFactory()
    # Through the admin's login form, as the editor does (django-axes checks every login against its request).
    response = client.post("/admin/login/", {"username": editor.username, "password": EDITOR_PASSWORD})
    assert response.status_code == 302 and "_auth_user_id" in client.session
    return client
