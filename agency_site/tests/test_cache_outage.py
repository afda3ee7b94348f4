"""Redis is an accelerator, never a dependency: with it down, pages, search, the contact form and sessions work."""

import json
import uuid

import pytest

from agency_site.pagecache.version import reset_version_watch
from agency_site.tests.servers import RedisServer
from contact.models import ContactSubmission

ENTRY_URL = "/glossaire/agence-community-management/"
pytestmark = pytest.mark.django_db


@pytest.fixture
def own_redis(tmp_path, settings):
    """A redis-server this test starts, stops and starts again on the same free port."""
    server = RedisServer(tmp_path).start()
    redis_cache = {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": server.url,
        "KEY_PREFIX": f"outage-{uuid.uuid4().hex}",
        "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 1, "SOCKET_TIMEOUT": 1, "IGNORE_EXCEPTIONS": True},
    }
    # As base.py configures REDIS_URL: the same Redis for pages, counters and sessions.
    settings.CACHES = {"default": redis_cache, "pagecache": redis_cache}
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    reset_version_watch()
    yield server
    server.stop()
    reset_version_watch()


def test_with_redis_down_every_visitor_path_answers_and_the_lead_is_stored(client, site_tree, own_redis):
    assert client.get(ENTRY_URL)["X-Page-Cache"] == "miss"
    assert client.get(ENTRY_URL)["X-Page-Cache"] == "hit"

    own_redis.stop()
    page = client.get(ENTRY_URL)
    assert page.status_code == 200
    assert "Agence community management" in page.content.decode()
    assert "X-Page-Cache" not in page
    for url in ("/", "/glossaire/", "/offres/", "/glossaire/recherche/?q=community"):
        response = client.get(url)
        assert response.status_code == 200, url
    assert "Agence community management" in client.get("/glossaire/recherche/?q=community").content.decode()
    health = client.get("/healthz")
    assert health.status_code == 503
    assert json.loads(health.content)["checks"] == {"database": "ok", "cache": "error"}

    token = client.get("/contact/jeton/")
    assert token.status_code == 200
    posted = client.post(
        "/contact/envoyer/",
        {
            "name": "Camille Martin",
            "company": "Boulangerie Martin",
            "email": "camille@boulangerie-martin.fr",
            "phone": "06 12 34 56 78",
            "message": "Bonjour, nous voulons relancer notre Instagram.",
            "website": "",
            "source_page": "",
            "token": json.loads(token.content)["token"],
        },
    )
    assert posted.status_code == 303
    assert posted["Location"] == "/contact/merci/"
    lead = ContactSubmission.objects.get(email="camille@boulangerie-martin.fr")
    # Uncounted by the rate limit, the lead is kept for a person to release, never lost.
    assert lead.message == "Bonjour, nous voulons relancer notre Instagram."

    own_redis.start()
    assert client.get("/healthz").status_code == 200
    # The cached path comes back by itself.
    assert client.get(ENTRY_URL)["X-Page-Cache"] == "miss"
    assert client.get(ENTRY_URL)["X-Page-Cache"] == "hit"


def test_with_redis_down_an_editor_stays_logged_in(client, own_redis, django_user_model):
    editor = django_user_model.objects.create_superuser("editrice", "editrice@50a.fr", "mot-de-passe-solide")
    client.force_login(editor)
    own_redis.stop()
    # The session is read from the database when Redis does not answer.
    response = client.get("/admin/")
    assert response.status_code == 200
    assert "editrice" in response.content.decode()
