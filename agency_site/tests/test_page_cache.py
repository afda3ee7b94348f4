"""The full-page cache: what anonymous visitors get from it, and that every kind of edit shows at once."""

import gzip

import pytest
from bs4 import BeautifulSoup
from wagtail.contrib.frontend_cache.backends import BaseBackend
from wagtail.models import Page, Site

from agency_site.models import AgencySettings
from agency_site.pagecache.version import replace_version
from agency_site.tests.pages import rendering_uncached, soup
from glossary.models import GlossaryEntryPage

ENTRY_URL = "/glossaire/agence-community-management/"
pytestmark = pytest.mark.django_db


def main_text(response):
    assert response.status_code == 200
    return " ".join(BeautifulSoup(response.content, "html.parser").find("main").get_text(" ").split())


def publish(page):
    page.save_revision().publish()


def test_second_anonymous_visit_is_served_from_the_cache(client, glossary_entry):
    first = client.get(ENTRY_URL)
    second = client.get(ENTRY_URL)
    assert first["X-Page-Cache"] == "miss"
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert "Agence community management" in main_text(second)
    # Headers added outside the cache are on the hit too.
    assert "default-src 'self'" in second["Content-Security-Policy"]
    assert second["Cache-Control"] == "public, max-age=0, must-revalidate"


def test_a_hit_replays_every_security_header_of_the_page_it_stored(client, glossary_entry, settings):
    settings.SECURE_HSTS_SECONDS = 3600
    first = client.get(ENTRY_URL, secure=True)
    second = client.get(ENTRY_URL, secure=True)
    assert second["X-Page-Cache"] == "hit"
    for header in (
        "Content-Security-Policy",
        "Strict-Transport-Security",
        "Permissions-Policy",
        "Referrer-Policy",
        "Cross-Origin-Opener-Policy",
        "X-Content-Type-Options",
        "X-Frame-Options",
        "X-Robots-Tag",
        "Content-Type",
        "Content-Language",
    ):
        assert second[header] == first[header], header
    assert second["Strict-Transport-Security"] == "max-age=3600"
    # Served over plain HTTP, the same page is another entry: no HSTS header replayed there.
    assert "Strict-Transport-Security" not in client.get(ENTRY_URL)


def test_an_entry_kept_in_process_memory_is_dropped_once_the_shared_version_changes(client, glossary_entry):
    from django.core.cache import cache

    from agency_site.pagecache.version import VERSION_KEY, version_watch

    client.get(ENTRY_URL)
    assert client.get(ENTRY_URL)["X-Page-Cache"] == "hit"
    # Another process publishing a change only replaces the shared version: this process notices it on
    # its next read, at most a second later (the time moved on here rather than waited for).
    cache.set(VERSION_KEY, "version-written-by-another-server", None)
    version_watch().confirmed_at -= 1.0
    assert client.get(ENTRY_URL)["X-Page-Cache"] == "miss"
    assert client.get(ENTRY_URL)["X-Page-Cache"] == "hit"


def test_the_choice_of_gzip_is_remembered_for_a_bounded_number_of_encodings():
    from agency_site.pagecache import entries

    entries.gzip_choices.clear()
    assert entries.accepts_gzip("gzip, deflate, br") is True
    assert entries.accepts_gzip("br, zstd") is False
    assert entries.accepts_gzip("") is False
    assert entries.gzip_choices == {"gzip, deflate, br": True, "br, zstd": False, "": False}
    # Made-up values from a client are answered as well, but not all kept.
    assert [entries.accepts_gzip(f"x-{number}, gzip") for number in range(200)] == [True] * 200
    assert len(entries.gzip_choices) == entries.GZIP_CHOICES_MAX
    entries.gzip_choices.clear()


def test_an_entry_dropped_while_its_answer_is_built_keeps_no_answer():
    """A thread found the entry, another dropped it (a new render of the page), then the first builds its answer:
    the answer is given, not kept (the WSGI layer's memo may refer to the entry's answers)."""
    from agency_site.pagecache.entries import RecentEntries, stored_answer

    recent = RecentEntries(max_bytes=10_000)
    found = {"version": "v1", "content": b"<p>avant</p>", "gzipped": b"", "headers": [], "etag": "a", "modified_at": 0}
    recent.put("page", found)
    assert stored_answer(found, use_gzip=False)[2] == b"<p>avant</p>"
    recent.put("page", found)  # held already: its answers stay
    assert found["wsgi_answers"]

    recent.put("page", {"version": "v1", "content": b"<p>apres</p>", "gzipped": b"", "headers": [], "etag": "b"})
    assert found["wsgi_answers"] == {}
    assert stored_answer(found, use_gzip=False)[2] == b"<p>avant</p>"
    assert found["wsgi_answers"] == {}


def test_the_process_memory_copy_stays_within_its_byte_budget():
    from agency_site.pagecache.entries import RecentEntries

    recent = RecentEntries(max_bytes=1050)
    answers = []
    for number in range(5):
        answers.append({(False, "hit"): ("200 OK", [], b"x" * 300)})
        recent.put(
            f"page-{number}",
            {"version": "v1", "content": b"x" * 300, "gzipped": b"y" * 50, "wsgi_answers": answers[-1]},
        )
    assert recent.size == 1050
    assert list(recent.entries) == ["page-2", "page-3", "page-4"]
    # The answers of a dropped entry go with it, though the WSGI layer's memo still refers to them.
    assert [bool(answer) for answer in answers] == [False, False, True, True, True]
    assert recent.get("page-4", "v1")["content"] == b"x" * 300
    assert recent.get("page-4", "v2") is None
    # Kept until replaced or pushed out: after an edit, it may stand in while its new version renders.
    assert recent.peek("page-4")["version"] == "v1"


def test_static_files_never_reach_the_page_cache(client):
    from unittest import mock

    with (
        mock.patch("agency_site.pagecache.middleware.stored_entry") as memory_read,
        mock.patch("agency_site.pagecache.middleware.restore_route") as route_read,
    ):
        client.get("/static/css/site.css")
        client.get("/media/images/absent.png")
    memory_read.assert_not_called()
    route_read.assert_not_called()


def test_a_deploy_never_serves_pages_rendered_by_the_previous_release(client, glossary_entry, monkeypatch):
    from agency_site.pagecache import release

    monkeypatch.setattr(release, "_release", {"id": "release-1"})
    client.get(ENTRY_URL)
    assert client.get(ENTRY_URL)["X-Page-Cache"] == "hit"
    monkeypatch.setattr(release, "_release", {"id": "release-2"})
    assert client.get(ENTRY_URL)["X-Page-Cache"] == "miss"


def test_the_release_digest_follows_code_and_templates_not_uploads(tmp_path):
    from agency_site.pagecache.release import release_digest

    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "base.html").write_text("<main>v1</main>")
    (tmp_path / "views.py").write_text("ANSWER = 1\n")
    (tmp_path / "media").mkdir()
    (tmp_path / "node_modules").mkdir()
    first = release_digest(tmp_path)
    (tmp_path / "media" / "upload.html").write_text("an editor's upload")
    (tmp_path / "node_modules" / "lib.py").write_text("tooling")
    assert release_digest(tmp_path) == first
    (tmp_path / "templates" / "base.html").write_text("<main>v2</main>")
    second = release_digest(tmp_path)
    assert second != first
    (tmp_path / "views.py").write_text("ANSWER = 2\n")
    assert release_digest(tmp_path) not in (first, second)


def test_campaign_tags_share_the_cached_page_but_searches_are_never_cached(client, glossary_entry):
    client.get(ENTRY_URL)
    assert client.get(ENTRY_URL + "?utm_source=linkedin&fbclid=abc")["X-Page-Cache"] == "hit"
    assert "X-Page-Cache" not in client.get("/glossaire/?q=community")


def test_logged_in_editors_bypass_the_cache(client, glossary_entry, django_user_model):
    client.get(ENTRY_URL)
    editor = django_user_model.objects.create_superuser("editrice", "editrice@50a.fr", "mot-de-passe-solide")
    client.force_login(editor)
    response = client.get(ENTRY_URL)
    assert "X-Page-Cache" not in response
    assert "Agence community management" in main_text(response)


def test_pages_the_cache_does_not_hold_are_compressed_too(client, glossary_entry):
    plain = client.get("/glossaire/recherche/?q=community")
    compressed = client.get("/glossaire/recherche/?q=community", headers={"accept-encoding": "gzip"})
    assert "X-Page-Cache" not in compressed
    assert compressed["Content-Encoding"] == "gzip"
    text = gzip.decompress(compressed.content).decode()
    assert "Agence community management" in text
    assert len(compressed.content) < len(plain.content) / 2


def test_files_are_never_compressed_again_and_byte_ranges_stay_true(client, settings):
    # WhiteNoise finds the file in static/ itself: staticfiles/ exists only after `make static`.
    settings.WHITENOISE_USE_FINDERS = True
    image = client.get("/static/img/share-default.png", headers={"accept-encoding": "gzip"})
    assert image.status_code == 200
    assert "Content-Encoding" not in image
    size = int(image["Content-Length"])
    assert len(b"".join(image.streaming_content)) == size
    part = client.get("/static/img/share-default.png", headers={"accept-encoding": "gzip", "range": "bytes=0-99"})
    assert part.status_code == 206
    assert "Content-Encoding" not in part
    assert part["Content-Range"] == f"bytes 0-99/{size}"
    assert len(b"".join(part.streaming_content)) == 100


def test_gzip_clients_get_the_precompressed_page(client, glossary_entry):
    plain = client.get(ENTRY_URL)
    compressed = client.get(ENTRY_URL, headers={"accept-encoding": "gzip, br"})
    assert compressed["Content-Encoding"] == "gzip"
    assert gzip.decompress(compressed.content) == plain.content
    assert len(compressed.content) < len(plain.content) / 2
    assert "Accept-Encoding" in compressed["Vary"]


def test_conditional_get_answers_304_for_an_unchanged_page(client, glossary_entry):
    first = client.get(ENTRY_URL)
    by_etag = client.get(ENTRY_URL, headers={"if-none-match": first["ETag"]})
    by_date = client.get(ENTRY_URL, headers={"if-modified-since": first["Last-Modified"]})
    assert by_etag.status_code == 304 and by_etag.content == b""
    assert by_date.status_code == 304


def test_publishing_an_entry_refreshes_the_entry_and_its_index(client, glossary_entry):
    for url in (ENTRY_URL, "/glossaire/"):
        client.get(url)
    entry = GlossaryEntryPage.objects.get(slug="agence-community-management")
    entry.title = "Agence de community management"
    publish(entry)
    for url in (ENTRY_URL, "/glossaire/"):
        response = client.get(url)
        assert response["X-Page-Cache"] == "miss", url
        assert "Agence de community management" in main_text(response), url


def test_an_etag_from_before_a_publish_no_longer_matches(client, glossary_entry):
    old = client.get(ENTRY_URL)
    entry = GlossaryEntryPage.objects.get(slug="agence-community-management")
    entry.title = "Agence de community management"
    publish(entry)
    response = client.get(ENTRY_URL, headers={"if-none-match": old["ETag"]})
    assert response.status_code == 200
    assert "Agence de community management" in main_text(response)


def test_unpublishing_an_entry_removes_it_from_the_index_and_its_url(client, glossary_entry):
    client.get(ENTRY_URL)
    client.get("/glossaire/")
    GlossaryEntryPage.objects.get(slug="agence-community-management").unpublish()
    assert client.get(ENTRY_URL).status_code == 404
    assert "Agence community management" not in main_text(client.get("/glossaire/"))


def test_deleting_an_entry_removes_it_from_the_index(client, glossary_entry):
    client.get("/glossaire/")
    GlossaryEntryPage.objects.get(slug="agence-community-management").delete()
    assert "Agence community management" not in main_text(client.get("/glossaire/"))
    assert client.get(ENTRY_URL).status_code == 404


def test_moving_a_page_updates_every_page_linking_to_it(client, site_tree):
    home_before = client.get("/").content.decode()
    assert 'href="/mentions-legales/"' in home_before
    legal = Page.objects.get(slug="mentions-legales")
    privacy = Page.objects.get(slug="confidentialite")
    legal.move(privacy, pos="last-child")
    home_after = client.get("/")
    assert home_after["X-Page-Cache"] == "miss"
    assert 'href="/confidentialite/mentions-legales/"' in home_after.content.decode()
    # The old address now redirects (wagtail.contrib.redirects, created automatically).
    assert client.get("/mentions-legales/")["Location"].endswith("/confidentialite/mentions-legales/")


def test_changing_the_agency_settings_refreshes_every_page(client, site_tree):
    for url in (ENTRY_URL, "/offres/"):
        client.get(url)
    agency = AgencySettings.for_site(Site.objects.get(is_default_site=True))
    agency.phone = "01 23 45 67 89"
    agency.save()
    for url in (ENTRY_URL, "/offres/"):
        assert "01 23 45 67 89" in client.get(url).content.decode(), url


def test_a_draft_save_keeps_the_cache(client, glossary_entry):
    client.get(ENTRY_URL)
    entry = GlossaryEntryPage.objects.get(slug="agence-community-management")
    entry.title = "Brouillon non publié"
    entry.save_revision()
    response = client.get(ENTRY_URL)
    assert response["X-Page-Cache"] == "hit"
    assert "Brouillon non publié" not in main_text(response)


def test_responses_setting_cookies_or_private_are_not_stored(rf):
    from django.http import HttpResponse

    from agency_site.pagecache.entries import can_store, mark_request_cacheable

    request = rf.get("/")
    mark_request_cacheable(request)
    with_cookie = HttpResponse("page")
    with_cookie.set_cookie("csrftoken", "x")
    private = HttpResponse("page", headers={"Cache-Control": "private"})
    assert can_store(request, HttpResponse("page"))
    assert not can_store(request, with_cookie)
    assert not can_store(request, private)


@pytest.mark.parametrize(
    "url", [ENTRY_URL, "/glossaire/", "/glossaire/lettre/a/", "/offres/", "/offres/social-media/", "/"]
)
def test_pages_render_within_nine_queries_without_the_page_cache(client, site_tree, url, django_assert_max_num_queries):
    # A render's budget (a hit skips it): eight queries, plus Wagtail's site root paths read from the shared
    # database cache in the embedded default.
    with rendering_uncached():
        # The first view warms what is cached across pages (site, routes, menus); the budget is for every later one.
        client.get(url)
        with django_assert_max_num_queries(9):
            response = client.get(url)
    assert "X-Page-Cache" not in response
    # The page itself, not a 404 page within budget.
    assert soup(response).find("h1").get_text(strip=True)


class RecordingCDN(BaseBackend):
    """A CDN backend that remembers what it was asked to purge."""

    purged = []

    def purge(self, url):
        RecordingCDN.purged.append(url)


def test_a_publish_purges_every_live_page_from_the_cdn(transactional_db, site_tree, settings):
    # Committed transactions, as in production: each purge runs once its change is committed.
    settings.WAGTAILFRONTENDCACHE = {"test": {"BACKEND": f"{__name__}.RecordingCDN"}}
    RecordingCDN.purged.clear()
    entry = GlossaryEntryPage.objects.get(slug="agence-community-management")
    entry.title = "Agence de community management"
    publish(entry)
    paths = [url.split("://", 1)[1].split("/", 1)[1] for url in RecordingCDN.purged]
    assert "glossaire/agence-community-management/" in paths
    assert "glossaire/" in paths and "" in paths
    assert len(set(paths)) == Page.objects.live().public().exclude(depth=1).count()


def test_the_spelling_of_the_host_never_changes_what_the_next_visitor_gets(client, glossary_entry):
    from agency_site.pagecache.entries import recent_entries

    first = client.get(ENTRY_URL, HTTP_HOST="LocalHost:80")
    assert first["X-Page-Cache"] == "miss"
    # Rendered under the canonical spelling: the addresses in the page are the same whoever caused the render.
    canonical = BeautifulSoup(first.content, "html.parser").find("link", rel="canonical")["href"]
    assert canonical == "http://localhost" + ENTRY_URL
    for spelling in ("localhost", "LOCALHOST", "localhost.", "localhost:80"):
        again = client.get(ENTRY_URL, HTTP_HOST=spelling)
        assert again["X-Page-Cache"] == "hit", spelling
        assert again.content == first.content, spelling
    # A port the server does not listen on is answered, never stored: no entry per spelling.
    other_port = client.get(ENTRY_URL, HTTP_HOST="localhost:8081")
    assert other_port.status_code == 200 and "X-Page-Cache" not in other_port
    assert [key for key in recent_entries.entries if key.endswith(ENTRY_URL)] == [
        next(key for key in recent_entries.entries if key.endswith("http://localhost" + ENTRY_URL))
    ]


def test_one_render_per_page_and_version_however_many_visitors_ask_at_once(rf, transactional_db):
    import threading
    import time

    from django.http import HttpResponse

    from agency_site.pagecache.entries import mark_request_cacheable
    from agency_site.pagecache.middleware import PageCacheMiddleware

    renders = []

    def slow_page(request):
        mark_request_cacheable(request)
        renders.append(request.path)
        time.sleep(0.3)
        return HttpResponse("<main>Glossaire</main>")

    middleware = PageCacheMiddleware(slow_page)
    answers = []
    visitors = [threading.Thread(target=lambda: answers.append(middleware(rf.get("/glossaire/")))) for _ in range(8)]
    for visitor in visitors:
        visitor.start()
    for visitor in visitors:
        visitor.join()
    assert renders == ["/glossaire/"]
    assert sorted(answer["X-Page-Cache"] for answer in answers) == ["hit"] * 7 + ["miss"]
    assert {answer.content for answer in answers} == {b"<main>Glossaire</main>"}


def test_after_an_edit_the_routes_kept_serve_the_new_words_of_every_page_type(client, site_tree):
    """Routes are kept across edits (only a withdrawal changes them): the page is read again, and a routable page's
    view (the glossary's letters) is the one of the page read again, not of the page stored with the route."""
    from glossary.models import GlossaryIndexPage

    urls = ["/glossaire/", "/glossaire/lettre/a/", ENTRY_URL]
    for url in urls:
        assert client.get(url)["X-Page-Cache"] == "miss"
    index = GlossaryIndexPage.objects.get()
    index.title = "Lexique du marketing"
    index.intro = "Les mots de l’agence, revus."
    index.save_revision().publish()
    entry = GlossaryEntryPage.objects.get(slug="agence-community-management")
    entry.short_definition = "Une définition revue par l’agence."
    entry.save_revision().publish()

    pages = {url: client.get(url) for url in urls}
    assert {url: response["X-Page-Cache"] for url, response in pages.items()} == dict.fromkeys(urls, "miss")
    assert soup(pages["/glossaire/"]).find("h1").get_text(strip=True) == "Lexique du marketing"
    assert "Les mots de l’agence, revus." in pages["/glossaire/"].content.decode()
    assert soup(pages["/glossaire/lettre/a/"]).find("title").get_text().startswith("Lexique du marketing")
    assert "Une définition revue par l’agence." in pages[ENTRY_URL].content.decode()


def test_a_route_kept_never_serves_a_page_at_an_address_it_left(client, site_tree):
    """A new slug is a withdrawal once its transaction commits; until then, the route of the old address must not
    serve the page read again (its url_path is checked)."""
    from unittest import mock

    client.get(ENTRY_URL)
    entry = GlossaryEntryPage.objects.get(slug="agence-community-management")
    with mock.patch("agency_site.pagecache.invalidation.bump_content_version"):
        entry.slug = "community-management"
        entry.save_revision().publish()
    # Only an edit so far (as between the publish and the slug's withdrawal): the old address is not served.
    replace_version()
    assert client.get(ENTRY_URL).status_code == 404
    assert client.get("/glossaire/community-management/").status_code == 200
