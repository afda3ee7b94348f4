"""The per-IP rate limit under a burst of simultaneous posts on several gunicorn workers, without Redis."""

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlencode

import pytest
from django.test import override_settings

from agency_site.tests.servers import free_port, start_gunicorn, wait_for_other_sessions_to_end, wait_until_healthy
from contact import spam
from contact.models import ContactSubmission
from contact.tests.processes import fetch, production_environment

pytestmark = pytest.mark.slow

LIMIT = 10
POSTS = 40
WORKERS = 3


@pytest.fixture
def embedded_default_server(transactional_db, smtp_server):
    """gunicorn with the production settings, several workers, no REDIS_URL, on the test database."""
    environment = production_environment(
        smtp_server.port,
        WEB_CONCURRENCY=str(WORKERS),
        GUNICORN_ACCESS_LOG="off",
        CONTACT_RATE_LIMIT=f"{LIMIT}/10m",
        # The burst comes through our proxy from one visitor's address.
        CONTACT_TRUSTED_PROXY_COUNT="1",
    )
    port = free_port()
    server = start_gunicorn(environment, port)
    try:
        wait_until_healthy(server, port)
        yield port, environment["SECRET_KEY"]
    finally:
        server.terminate()
        server.wait(timeout=30)
        wait_for_other_sessions_to_end()


def test_a_burst_from_one_address_on_several_workers_delivers_exactly_the_limit(embedded_default_server):
    port, secret_key = embedded_default_server
    with override_settings(SECRET_KEY=secret_key):
        # Tokens as /contact/jeton/ issued them a minute ago: the shipped minimum fill time is met.
        tokens = [spam.issue_token(issued_at=time.time() - 60) for _post in range(POSTS)]
    start = threading.Barrier(POSTS)

    def post(number):
        fields = {
            "name": f"Prospect {number}",
            "company": "",
            "email": f"prospect{number}@exemple.fr",
            "phone": "",
            "message": f"Demande numéro {number}, envoyée en même temps que les autres.",
            "website": "",
            "token": tokens[number],
            "source_page": "",
        }
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "Origin": f"http://127.0.0.1:{port}",
            "X-Forwarded-For": "203.0.113.9",
        }
        start.wait()
        return fetch(port, "POST", "/contact/envoyer/", urlencode(fields), headers)[0]

    with ThreadPoolExecutor(max_workers=POSTS) as pool:
        statuses = list(pool.map(post, range(POSTS)))

    # Every visitor sees the confirmation; every post is stored, none lost, none counted twice or not at all.
    assert statuses == [303] * POSTS
    leads = ContactSubmission.objects.all()
    assert leads.count() == POSTS
    assert leads.filter(quarantined=False).count() == LIMIT
    over = leads.filter(quarantined=True)
    assert over.count() == POSTS - LIMIT
    assert all(
        reason == "limite d’envois par adresse IP dépassée" for reason in over.values_list("spam_reason", flat=True)
    )
