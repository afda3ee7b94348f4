"""After an edit, the page of before stands in while a busy process renders the new one; after a withdrawal, never.

The shipped window (PAGE_CACHE_STALE_SECONDS) and the shipped background thread: tests move the clock, never the
setting, and wait for the thread's render rather than switch it off.
"""

import threading
import time
from unittest import mock

import pytest
from django.conf import settings
from django.http import HttpResponse
from wagtail.models import PageViewRestriction

from agency_site.pagecache.entries import mark_request_cacheable
from agency_site.pagecache.middleware import (
    BUSY_REQUESTS_PER_SECOND,
    PageCacheMiddleware,
    background_renders,
    renders_in_progress,
    traffic,
)
from agency_site.pagecache.version import current_content_version, read_shared_version, replace_version
from glossary.models import GlossaryEntryPage

ENTRY_URL = "/glossaire/agence-community-management/"


class Page:
    """A page whose words change with each edition, and that takes a while to render."""

    def __init__(self, seconds=0.3):
        self.edition = 1
        self.seconds = seconds
        self.renders = []

    def __call__(self, request):
        mark_request_cacheable(request)
        edition = self.edition
        self.renders.append((request.path, edition))
        time.sleep(self.seconds)
        return HttpResponse(f"<main>Édition {edition}</main>")


def visit_at_once(middleware, rf, count=8, path="/glossaire/"):
    answers = []
    visitors = [threading.Thread(target=lambda: answers.append(middleware(rf.get(path)))) for _ in range(count)]
    for visitor in visitors:
        visitor.start()
    for visitor in visitors:
        visitor.join()
    return sorted((answer["X-Page-Cache"], answer.content.decode()) for answer in answers)


def wait_for(condition, seconds=10):
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "never happened"
        time.sleep(0.02)


@pytest.fixture
def page(transactional_db):
    page = Page()
    middleware = PageCacheMiddleware(page)
    return page, middleware


def test_after_an_edit_visitors_get_the_page_of_before_while_one_render_runs(page, rf):
    page, middleware = page
    assert middleware(rf.get("/glossaire/"))["X-Page-Cache"] == "miss"
    page.edition = 2
    replace_version()

    answers = visit_at_once(middleware, rf)
    # One visitor renders the new page; the others do not wait for it: they get the page of before at once.
    assert answers == [("miss", "<main>Édition 2</main>")] + [("stale", "<main>Édition 1</main>")] * 7
    assert page.renders == [("/glossaire/", 1), ("/glossaire/", 2)]
    assert middleware(rf.get("/glossaire/"))["X-Page-Cache"] == "hit"


def test_after_a_withdrawal_visitors_wait_for_the_new_page_and_never_get_the_old_one(page, rf):
    page, middleware = page
    middleware(rf.get("/glossaire/"))
    page.edition = 2
    replace_version(withdrawal=True)

    answers = visit_at_once(middleware, rf)
    assert answers == [("hit", "<main>Édition 2</main>")] * 7 + [("miss", "<main>Édition 2</main>")]
    assert page.renders == [("/glossaire/", 1), ("/glossaire/", 2)]


def test_a_withdrawal_after_an_edit_ends_the_stand_in_at_once(page, rf):
    page, middleware = page
    middleware(rf.get("/glossaire/"))
    page.edition = 2
    replace_version()
    replace_version(withdrawal=True)
    # An edit made afterwards, within the window, cannot make the page from before the withdrawal servable again.
    replace_version()
    assert {answer for answer, _content in visit_at_once(middleware, rf)} == {"hit", "miss"}


def test_the_page_of_before_stands_in_for_the_shipped_window_and_no_longer(page, rf):
    page, middleware = page
    middleware(rf.get("/glossaire/"))
    page.edition = 2
    replace_version()
    edited_at = time.time()
    window = settings.PAGE_CACHE_STALE_SECONDS
    assert 1 <= window <= 300
    with mock.patch("agency_site.pagecache.version.time.time", return_value=edited_at + window + 1):
        answers = visit_at_once(middleware, rf)
    assert answers == [("hit", "<main>Édition 2</main>")] * 7 + [("miss", "<main>Édition 2</main>")]


def test_a_page_rendered_during_the_edits_stands_in_but_not_one_from_before_them(page, rf):
    page, middleware = page
    middleware(rf.get("/glossaire/"))
    replace_version()
    content_version = current_content_version()
    during = {"version": content_version.version, "started_at": content_version.since + 0.5}
    replace_version()
    assert current_content_version().serves_stale(during)
    # Out of date at most since its render began: no longer than the window after that.
    window = settings.PAGE_CACHE_STALE_SECONDS
    with mock.patch("agency_site.pagecache.version.time.time", return_value=during["started_at"] + window + 1):
        assert not current_content_version().serves_stale(during)
    # Rendered before the edits under an older version than the one they replaced: out of date for longer.
    assert not current_content_version().serves_stale({"version": "older", "started_at": content_version.since - 60})


def test_edits_in_a_row_keep_the_window_of_the_first(page, rf):
    page, middleware = page
    middleware(rf.get("/glossaire/"))
    first_edit = time.time()
    replace_version()
    replace_version()
    replace_version()
    content_version = current_content_version()
    assert content_version.since == pytest.approx(first_edit, abs=1)
    # The page stored before the first edit of the row stands in for the latest version too.
    page.edition = 2
    assert ("stale", "<main>Édition 1</main>") in visit_at_once(middleware, rf)


def test_a_busy_process_renders_the_page_in_the_background(page, rf):
    page, middleware = page
    middleware(rf.get("/glossaire/"))
    page.edition = 2
    replace_version()
    version = current_content_version().version
    # Another page is rendering on this process: the visitor is not made to wait for a second render.
    renders_in_progress.claim("another page", version)
    try:
        answer = middleware(rf.get("/glossaire/"))
    finally:
        renders_in_progress.release("another page", version)
    assert (answer["X-Page-Cache"], answer.content) == ("stale", "<main>Édition 1</main>".encode())
    wait_for(lambda: not background_renders.busy())
    assert page.renders[-1] == ("/glossaire/", 2)
    answer = middleware(rf.get("/glossaire/"))
    assert (answer["X-Page-Cache"], answer.content) == ("hit", "<main>Édition 2</main>".encode())


def test_a_process_answering_many_requests_a_second_is_busy(page, rf):
    page, middleware = page
    middleware(rf.get("/glossaire/"))
    page.edition = 2
    replace_version()
    for _ in range(BUSY_REQUESTS_PER_SECOND):
        traffic.note()
    answer = middleware(rf.get("/glossaire/"))
    assert (answer["X-Page-Cache"], answer.content) == ("stale", "<main>Édition 1</main>".encode())
    wait_for(lambda: not background_renders.busy())
    assert page.renders[-1] == ("/glossaire/", 2)


def test_the_background_renders_of_a_server_take_turns(page, rf):
    """One background render at a time per server: its other processes wait for their turn (after a publish, the
    CPU left answers the visitors). Here another process holds the turn; this one renders once it is handed on."""
    from agency_site.pagecache.entries import page_store

    page, middleware = page
    middleware(rf.get("/glossaire/"))
    page.edition = 2
    replace_version()
    turn = background_renders.turn_key()
    assert page_store().add(turn, "another process", 60)
    for _ in range(BUSY_REQUESTS_PER_SECOND):
        traffic.note()
    assert middleware(rf.get("/glossaire/"))["X-Page-Cache"] == "stale"
    time.sleep(0.5)
    assert page.renders == [("/glossaire/", 1)]
    assert middleware(rf.get("/glossaire/"))["X-Page-Cache"] == "stale"

    page_store().delete(turn)
    wait_for(lambda: not background_renders.busy())
    assert page.renders == [("/glossaire/", 1), ("/glossaire/", 2)]
    # Handed on once the render is done.
    assert page_store().get(turn) is None
    answer = middleware(rf.get("/glossaire/"))
    assert (answer["X-Page-Cache"], answer.content) == ("hit", "<main>Édition 2</main>".encode())


def test_a_cdn_never_keeps_the_page_of_before(page, rf, settings):
    settings.CDN_MAX_AGE = 300
    page, middleware = page
    assert "s-maxage=300" in middleware(rf.get("/glossaire/"))["Cache-Control"]
    page.edition = 2
    replace_version()
    renders_in_progress.claim("another page", current_content_version().version)
    try:
        answer = middleware(rf.get("/glossaire/"))
    finally:
        renders_in_progress.release("another page", current_content_version().version)
    assert answer["X-Page-Cache"] == "stale"
    assert "s-maxage=0" in answer["Cache-Control"]
    wait_for(lambda: not background_renders.busy())


def test_a_quiet_process_shows_an_edit_to_the_next_visitor(page, rf):
    page, middleware = page
    middleware(rf.get("/glossaire/"))
    page.edition = 2
    replace_version()
    answer = middleware(rf.get("/glossaire/"))
    assert (answer["X-Page-Cache"], answer.content) == ("miss", "<main>Édition 2</main>".encode())


@pytest.mark.django_db
class TestWhatCountsAsAWithdrawal:
    """The real signals of a site: which changes let the page of before stand in."""

    def test_a_publish_is_an_edit(self, glossary_entry):
        before = read_shared_version()
        # A page rendered now, for the version before the publish.
        rendered_before = {"version": before.version, "started_at": time.time()}
        entry = GlossaryEntryPage.objects.get(slug="agence-community-management")
        entry.title = "Agence de community management"
        entry.save_revision().publish()
        after = read_shared_version()
        assert after.version != before.version
        assert after.serves_stale(rendered_before)

    @pytest.mark.parametrize(
        "withdraw",
        [
            pytest.param(lambda entry: entry.unpublish(), id="unpublish"),
            pytest.param(lambda entry: entry.delete(), id="delete"),
            pytest.param(
                lambda entry: PageViewRestriction.objects.create(
                    page=entry, restriction_type=PageViewRestriction.PASSWORD, password="secret"
                ),
                id="restriction",
            ),
            pytest.param(lambda entry: entry.move(entry.get_parent().get_parent(), pos="last-child"), id="move"),
        ],
    )
    def test_taking_content_off_the_public_site_is_a_withdrawal(self, glossary_entry, withdraw):
        before = read_shared_version()
        withdraw(GlossaryEntryPage.objects.get(slug="agence-community-management"))
        after = read_shared_version()
        assert after.version.split(".")[0] != before.version.split(".")[0]
        # Nothing stored before, whenever it was rendered, stands in for the new version.
        assert not after.serves_stale({"version": before.version, "started_at": time.time()})
        assert before.base is None or not after.serves_stale({"version": before.base, "started_at": 0.0})

    def test_an_unpublished_entry_is_never_served_from_before(self, client, glossary_entry):
        assert client.get(ENTRY_URL)["X-Page-Cache"] == "miss"
        GlossaryEntryPage.objects.get(slug="agence-community-management").unpublish()
        version = current_content_version().version
        renders_in_progress.claim("another page", version)
        try:
            assert client.get(ENTRY_URL).status_code == 404
        finally:
            renders_in_progress.release("another page", version)


def test_a_busy_process_serves_the_published_entry_new_and_a_page_not_showing_it_from_before(
    client, transactional_db, glossary_entry
):
    from glossary.tests.factories import GlossaryEntryPageFactory

    other = GlossaryEntryPageFactory(title="Référencement naturel")
    other_url = other.url
    client.get(ENTRY_URL)
    client.get(other_url)
    entry = GlossaryEntryPage.objects.get(slug="agence-community-management")
    entry.title = "Agence de community management"
    entry.save_revision().publish()
    version = current_content_version().version
    renders_in_progress.claim("another page", version)
    try:
        published = client.get(ENTRY_URL)
        unrelated = client.get(other_url)
    finally:
        renders_in_progress.release("another page", version)
    # The page the publish concerns is never served from before it, busy or not: its visitor waits for its render.
    assert published["X-Page-Cache"] == "miss"
    assert "<h1>Agence de community management</h1>" in published.content.decode()
    # A page that does not show the entry stands in while the new one renders in the background.
    assert unrelated["X-Page-Cache"] == "stale"
    assert "<h1>Référencement naturel</h1>" in unrelated.content.decode()
    # Rendered by the background thread, on its own connection (hence a transactional test: it sees the publish).
    wait_for(lambda: not background_renders.busy())
    assert client.get(other_url)["X-Page-Cache"] == "hit"
    assert client.get(ENTRY_URL)["X-Page-Cache"] == "hit"


def test_a_page_an_edit_concerns_is_never_served_from_before_it_but_one_render_serves_every_visitor(page, rf):
    page, middleware = page
    middleware(rf.get("/glossaire/"))
    middleware(rf.get("/glossaire/seo/"))
    page.edition = 2
    replace_version(concerned={"/glossaire/"})
    for _ in range(BUSY_REQUESTS_PER_SECOND):
        traffic.note()
    # Busy: the visitors of the page concerned wait for the one render; those of another page get it from before.
    assert visit_at_once(middleware, rf) == [("hit", "<main>Édition 2</main>")] * 7 + [
        ("miss", "<main>Édition 2</main>")
    ]
    assert page.renders.count(("/glossaire/", 2)) == 1
    assert middleware(rf.get("/glossaire/seo/"))["X-Page-Cache"] == "stale"
    # Rendered after the edit that concerned it, the page stands in for a later edit that does not concern it.
    page.edition = 3
    replace_version()
    answer = middleware(rf.get("/glossaire/"))
    assert (answer["X-Page-Cache"], answer.content.decode()) == ("stale", "<main>Édition 2</main>")
    wait_for(lambda: not background_renders.busy())


def test_the_pages_concerned_are_kept_for_the_window_and_bounded():
    from agency_site.pagecache.version import CONCERNED_PAGES_MAX, with_concerned

    window = settings.PAGE_CACHE_STALE_SECONDS
    kept = with_concerned({"/old/": 1000.0, "/recent/": 1000.0 + window}, ["/new/"], 1000.0 + window + 1)
    assert kept == {"/recent/": 1000.0 + window, "/new/": 1000.0 + window + 1}
    many = {f"/{number}/": 5000.0 + number / CONCERNED_PAGES_MAX for number in range(CONCERNED_PAGES_MAX)}
    many = with_concerned(many, ["/new/"], 5001.0)
    assert len(many) == CONCERNED_PAGES_MAX and "/new/" in many and "/0/" not in many


def test_the_process_keeping_the_turn_hands_it_on_after_ten_seconds(transactional_db, monkeypatch):
    """The process rendering keeps the turn while it has pages, for BACKGROUND_TURN_KEEP_SECONDS at most: then the
    others get it (their pages wait no longer). Two processes' renderers on one store, the clock moved, not the
    setting; the pause after handing the turn on is when another process takes it."""
    from agency_site.pagecache import middleware
    from agency_site.pagecache.entries import page_store

    version = current_content_version().version
    first, second = middleware.BackgroundRenders(), middleware.BackgroundRenders()
    first.token, second.token = "first process", "second process"
    turn = first.turn_key()
    assert first.take_turn(version) and page_store().get(turn) == "first process"
    assert first.take_turn(version) and page_store().get(turn) == "first process"
    # The second waits meanwhile.
    monkeypatch.setattr(middleware.time, "sleep", lambda seconds: replace_version())
    assert not second.take_turn(version)

    version = current_content_version().version
    first.turn_since -= middleware.BACKGROUND_TURN_KEEP_SECONDS
    pauses = []

    def pause(seconds):
        # The first pause is the one after handing the turn on: the second process takes it then.
        pauses.append(seconds)
        if len(pauses) == 1:
            assert second.take_turn(version)
        else:
            replace_version()

    monkeypatch.setattr(middleware.time, "sleep", pause)
    assert not first.take_turn(version)
    assert page_store().get(turn) == "second process"
    second.end_turn()
    assert page_store().get(turn) is None


def test_past_half_the_window_every_process_renders_without_waiting_for_the_turn(transactional_db, monkeypatch):
    """One render at a time may not renew every page within PAGE_CACHE_STALE_SECONDS on a slow or loaded server (at the
    window's end, each page still of before would be rendered for its visitors at once): past half of the window, a
    process renders without waiting for the turn another holds. The clock is moved, not the setting."""
    from agency_site.pagecache import middleware
    from agency_site.pagecache.entries import page_store

    current_content_version()
    replace_version()
    since = current_content_version().since
    version = current_content_version().version
    renders = middleware.BackgroundRenders()
    renders.token = "this process"
    turn = renders.turn_key()
    assert page_store().add(turn, "another process", 60)
    half = settings.PAGE_CACHE_STALE_SECONDS / 2

    # Before, it waits for the turn (here until another edit, which ends the wait: its page is to render again).
    monkeypatch.setattr(middleware.time, "sleep", lambda seconds: replace_version())
    with mock.patch("agency_site.pagecache.version.time.time", return_value=since + half - 1):
        assert not renders.take_turn(version)
        version = current_content_version().version
        assert current_content_version().since == since
    with mock.patch("agency_site.pagecache.version.time.time", return_value=since + half + 1):
        assert renders.take_turn(version)
    assert page_store().get(turn) == "another process"


def test_a_process_holding_no_copy_keeps_the_page_of_before_from_its_first_visitor(transactional_db, shared_cache, rf):
    """A worker started after an edit (gunicorn replaces them) finds the page of before in Redis: it keeps it, and its
    next visitors get it from memory, before Django, until the new one is rendered (not a Redis read each time)."""
    from agency_site.pagecache.entries import page_store, recent_entries
    from agency_site.pagecache.wsgi import PageCacheApplication

    page = Page(seconds=0)
    middleware = PageCacheMiddleware(page)
    middleware(rf.get("/glossaire/"))
    page.edition = 2
    replace_version()
    recent_entries.clear()
    # Another process renders in the background now: this one's render waits, and the page of before stands in.
    turn = background_renders.turn_key()
    assert page_store().add(turn, "another process", 60)
    for _ in range(BUSY_REQUESTS_PER_SECOND):
        traffic.note()

    answer = middleware(rf.get("/glossaire/"))
    assert (answer["X-Page-Cache"], answer.content) == ("stale", "<main>Édition 1</main>".encode())
    # The process's watch hears Redis announce the edit, then knows the new version (any request of it would do this).
    current_content_version()
    reached_django = []
    application = PageCacheApplication(lambda environ, start_response: reached_django.append(environ["PATH_INFO"]))
    statuses = []
    body = b"".join(application(rf.get("/glossaire/").environ, lambda status, headers: statuses.append(headers)))
    assert body == "<main>Édition 1</main>".encode() and ("X-Page-Cache", "stale") in statuses[0]
    assert reached_django == []

    page_store().delete(turn)
    wait_for(lambda: not background_renders.busy())
    answer = middleware(rf.get("/glossaire/"))
    assert (answer["X-Page-Cache"], answer.content) == ("hit", "<main>Édition 2</main>".encode())
