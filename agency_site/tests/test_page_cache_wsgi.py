"""The WSGI layer in front of Django: it answers held pages exactly as the middleware would, and nothing else."""

import time

import pytest
from django.core.handlers.wsgi import WSGIRequest
from django.test import RequestFactory

from agency_site.pagecache.invalidation import bump_content_version
from agency_site.pagecache.wsgi import PageCacheApplication, is_secure, request_path
from glossary.models import GlossaryEntryPage

ENTRY_URL = "/glossaire/agence-community-management/"
pytestmark = pytest.mark.django_db


class Django:
    """Stands for Django behind the layer: records what reached it."""

    def __init__(self):
        self.paths = []

    def __call__(self, environ, start_response):
        self.paths.append(environ["PATH_INFO"])
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"Django"]


def through_layer(environ):
    django = Django()
    answer = {}

    def start_response(status, headers):
        answer.update(status=status, headers=headers)

    body = b"".join(PageCacheApplication(django)(environ, start_response))
    return answer, body, django.paths


def environ(path=ENTRY_URL, method="get", **headers):
    return getattr(RequestFactory(), method)(path, headers=headers).environ


@pytest.mark.parametrize("encoding", ["", "gzip, deflate, br"])
def test_a_held_page_gets_the_status_headers_and_bytes_the_middleware_gives(client, demo_site, encoding):
    client.get(ENTRY_URL, headers={"accept-encoding": encoding})
    by_middleware = client.get(ENTRY_URL, headers={"accept-encoding": encoding})
    assert by_middleware["X-Page-Cache"] == "hit"

    answer, body, reached_django = through_layer(environ(**{"accept-encoding": encoding}))

    assert reached_django == []
    assert answer["status"] == "200 OK"
    assert answer["headers"] == list(by_middleware.items())
    assert body == by_middleware.content
    # Campaign tags share the page, as in the middleware.
    assert through_layer(environ(f"{ENTRY_URL}?utm_source=lettre"))[2] == []


@pytest.mark.parametrize(
    "request_environ",
    [
        pytest.param(environ(method="head"), id="HEAD"),
        pytest.param(environ(**{"if-none-match": '"abc"'}), id="conditional"),
        pytest.param(environ(**{"if-modified-since": "Sun, 29 Nov 2026 10:00:00 GMT"}), id="modified-since"),
        pytest.param(environ(cookie="sessionid=editor"), id="session"),
        pytest.param(environ(f"{ENTRY_URL}?q=seo"), id="query"),
        pytest.param(environ(method="post"), id="POST"),
        pytest.param(environ(host="unknown.example"), id="unknown host"),
        pytest.param(environ("/glossaire/"), id="not held"),
    ],
)
def test_what_the_layer_cannot_answer_alone_reaches_django(client, demo_site, request_environ):
    client.get(ENTRY_URL)
    client.get(ENTRY_URL)
    answer, body, reached_django = through_layer(request_environ)
    assert reached_django == [request_environ["PATH_INFO"]] and body == b"Django"


def test_a_page_held_for_an_older_version_reaches_django(client, demo_site):
    client.get(ENTRY_URL)
    entry = GlossaryEntryPage.objects.get(slug="agence-community-management")
    entry.title = "Agence de community management"
    entry.save_revision().publish()
    bump_content_version("test")
    assert through_layer(environ())[2] == [ENTRY_URL]
    fresh = client.get(ENTRY_URL)
    assert fresh["X-Page-Cache"] == "miss" and b"Agence de community management" in fresh.content


@pytest.mark.parametrize("proxy_header", [None, ("HTTP_X_FORWARDED_PROTO", "https")])
@pytest.mark.parametrize("forwarded", [None, "https", "http", "https, http"])
@pytest.mark.parametrize("script_name", ["", "/site"])
def test_path_and_scheme_are_the_ones_django_computes(settings, proxy_header, forwarded, script_name):
    settings.SECURE_PROXY_SSL_HEADER = proxy_header
    request_environ = environ("/glossaire/écoute/", **({"x-forwarded-proto": forwarded} if forwarded else {}))
    request_environ["SCRIPT_NAME"] = script_name
    request = WSGIRequest(dict(request_environ))
    assert request_path(request_environ) == request.path
    assert is_secure(request_environ) == request.is_secure()


def test_the_key_computed_once_per_request_line_still_sees_sessions_settings_and_scheme(client, demo_site, settings):
    """The layer keeps each request line's key (KeyMemo): what the key depends on besides it is looked at again."""
    from agency_site.pagecache.wsgi import key_memo

    client.get(ENTRY_URL)
    client.get(ENTRY_URL)
    assert through_layer(environ())[2] == []
    # Kept: the page this process answered. Not kept: made-up addresses, query strings (they cannot grow it).
    assert through_layer(environ("/glossaire/une-adresse-inventee/"))[2] == ["/glossaire/une-adresse-inventee/"]
    assert through_layer(environ(f"{ENTRY_URL}?utm_source=lettre"))[2] == []
    assert [memo_key[0] for memo_key in key_memo.answers] == [ENTRY_URL]

    # The same request line from an editor: Django, which knows the session.
    assert through_layer(environ(cookie="csrftoken=abc; sessionid=editor"))[2] == [ENTRY_URL]
    # Another cookie is no session: the visitor still gets the held page.
    assert through_layer(environ(cookie="csrftoken=abc; sessionid_note=x"))[2] == []

    # Through a proxy saying https, the page is another entry (its links and canonical URL are https).
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    assert through_layer(environ(**{"x-forwarded-proto": "https"}))[2] == [ENTRY_URL]
    assert through_layer(environ(**{"x-forwarded-proto": "http"}))[2] == []

    # A host no longer served is never answered from what the layer computed before.
    settings.ALLOWED_HOSTS = ["www.example.com"]
    assert through_layer(environ())[2] == [ENTRY_URL]


def test_a_hit_takes_its_answer_from_the_memo_only_while_the_process_holds_the_entry(client, demo_site, monkeypatch):
    """Beside a page's key, the memo keeps its answers for the version known: a hit takes them without looking up the
    entry. When the process drops the entry (its byte budget, a new render), the answers go with it."""
    from agency_site.pagecache.entries import recent_entries
    from agency_site.pagecache.version import version_watch
    from agency_site.pagecache.wsgi import key_memo

    client.get(ENTRY_URL)
    client.get(ENTRY_URL)
    # The version known stays the same object for the rest of the test: it is read again each second otherwise.
    version_watch().confirmed_at = time.monotonic() + 60
    answer, body, reached_django = through_layer(environ())
    assert reached_django == []
    ((_key, held_version, held_answers),) = key_memo.answers.values()
    assert held_version is version_watch().known_version().version
    lookups = []
    monkeypatch.setattr(recent_entries, "get", lambda *arguments: lookups.append(arguments))
    assert through_layer(environ()) == (answer, body, [])
    assert lookups == []

    recent_entries.clear()
    assert held_answers == {}
    assert through_layer(environ())[2] == [ENTRY_URL]


def test_answers_kept_for_a_version_are_not_given_once_another_is_known(client, demo_site):
    """After an edit the process still holds the page of before (it may stand in), and the memo still holds its
    answers: they are not a hit for the new version."""
    from agency_site.pagecache.entries import recent_entries
    from agency_site.pagecache.version import current_content_version
    from agency_site.pagecache.wsgi import key_memo

    client.get(ENTRY_URL)
    client.get(ENTRY_URL)
    assert through_layer(environ())[2] == []
    ((key, held_version, held_answers),) = key_memo.answers.values()
    bump_content_version("test")
    assert current_content_version().version != held_version  # the layer knows the new one
    assert through_layer(environ())[2] == [ENTRY_URL]
    assert held_answers and recent_entries.peek(key) is not None  # both still there, not used


def test_on_redis_the_layer_reads_the_version_again_itself(client, demo_site, shared_cache):
    """Every process reads the version again each TRUST_SECONDS: on Redis, the layer does it, one round trip, and the
    held page is still answered without Django. A new version read this way makes the page Django's again."""
    from django.core.cache import cache

    from agency_site.pagecache.version import ANNOUNCEMENT_LOOK_SECONDS, VERSION_KEY, version_watch

    client.get(ENTRY_URL)
    assert client.get(ENTRY_URL)["X-Page-Cache"] == "hit"
    watch = version_watch()
    watch.confirmed_at -= 2
    answer, _body, reached_django = through_layer(environ())
    assert reached_django == []
    assert dict(answer["headers"])["X-Page-Cache"] == "hit"
    assert watch.known_version() is not None

    # Another server's publish, announced by Redis before the writer's next command: Django reads the new version.
    cache.set(VERSION_KEY, "version-of-another-server", None)
    cache.get(VERSION_KEY)
    time.sleep(ANNOUNCEMENT_LOOK_SECONDS)  # as its replace_version() waits before answering
    assert through_layer(environ())[2] == [ENTRY_URL]


def test_a_failed_read_of_the_version_is_tried_once_by_the_layer(client, demo_site, shared_cache, monkeypatch):
    """Redis not answering: the layer's read fails once, and the next requests leave the version to Django, so a
    request never waits for two reads of it (each up to the socket timeouts)."""
    from agency_site.pagecache import wsgi
    from agency_site.pagecache.version import version_watch

    client.get(ENTRY_URL)
    assert client.get(ENTRY_URL)["X-Page-Cache"] == "hit"
    reads = []

    def failing_read():
        reads.append("read")
        return None

    monkeypatch.setattr(wsgi, "read_shared_version", failing_read)
    version_watch().confirmed_at -= 2
    assert through_layer(environ())[2] == [ENTRY_URL]
    assert through_layer(environ())[2] == [ENTRY_URL]
    assert reads == ["read"]


def test_from_the_database_django_reads_the_version_again(client, demo_site):
    """The embedded default keeps the version in the database cache table: Django reads it, within a request whose
    database connections it opens and closes."""
    from agency_site.pagecache.version import version_watch

    client.get(ENTRY_URL)
    assert client.get(ENTRY_URL)["X-Page-Cache"] == "hit"
    version_watch().confirmed_at -= 2
    assert through_layer(environ())[2] == [ENTRY_URL]
    # Django's middleware read it: the layer answers again.
    assert client.get(ENTRY_URL)["X-Page-Cache"] == "hit"
    assert through_layer(environ())[2] == []
