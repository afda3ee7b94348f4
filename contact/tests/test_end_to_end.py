"""The shipped combination end to end: gunicorn (production settings), a db_worker process, a real SMTP server."""

import re
import time
from urllib.parse import urlencode

import pytest
from django.db import connection

from agency_site.tests.servers import free_port, start_gunicorn, wait_for_other_sessions_to_end, wait_until_healthy
from contact.models import ContactSubmission
from contact.tests.processes import fetch, finish, manage, production_environment

pytestmark = [pytest.mark.slow, pytest.mark.smtp]

# The visitor takes the shipped minimum fill time (3 s) to type the message.
HUMAN_FILL_SECONDS = 3.5


@pytest.fixture
def site_processes(transactional_db, smtp_server, tmp_path, request):
    """The site tree served by gunicorn with the production settings, and a db_worker beside it."""
    if connection.vendor != "postgresql":
        pytest.skip("Needs PostgreSQL (DATABASE_URL=postgres://…): gunicorn and the worker share the test database.")
    request.getfixturevalue("site_tree")
    environment = production_environment(
        smtp_server.port,
        STATIC_ROOT=str(tmp_path / "static"),
        # One worker: this test follows one lead's path; several workers are test_processes.py's subject.
        WEB_CONCURRENCY="1",
        GUNICORN_ACCESS_LOG="off",
        CONTACT_SPOOL_DIR=str(tmp_path / "spool"),
    )
    finish(manage("collectstatic", "--noinput", "-v0", environment=environment), timeout=300)
    port = free_port()
    server = start_gunicorn(environment, port)
    worker = manage("db_worker", "--queue-name", "*", "--interval", "0.2", "--no-reload", environment=environment)
    try:
        wait_until_healthy(server, port)
        yield port
    finally:
        for process in (server, worker):
            process.terminate()
        for process in (server, worker):
            process.wait(timeout=30)
        wait_for_other_sessions_to_end()


def wait_for_mails(inbox, count):
    """The worker sends in the background: wait (up to a minute) until `count` messages have arrived."""
    for _ in range(600):
        if len(inbox.messages) >= count:
            return inbox.messages
        time.sleep(0.1)
    return inbox.messages


def delivered_lead():
    """The one stored lead once the worker has recorded its delivery (it records it just after the last mail)."""
    for _ in range(300):
        lead = ContactSubmission.objects.get()
        if lead.delivery_status == ContactSubmission.Delivery.SENT:
            return lead
        time.sleep(0.1)
    return lead


def test_with_javascript_a_cached_page_the_token_the_post_the_lead_and_both_mails(site_processes, smtp_server):
    port = site_processes
    fetch(port, "GET", "/contact/")
    status, headers, page = fetch(port, "GET", "/contact/")
    assert (status, headers["X-Page-Cache"]) == (200, "hit")
    source_page = re.search(r'name="source_page" value="(\d+)"', page).group(1)
    token = fetch(port, "GET", "/contact/jeton/")[2].split('"token": "')[1].split('"')[0]
    time.sleep(HUMAN_FILL_SECONDS)

    fields = {
        "name": "Camille Martin",
        "company": "Boulangerie Martin",
        "email": "camille@boulangerie-martin.fr",
        "phone": "06 12 34 56 78",
        "message": "Bonjour, nous voulons relancer notre Instagram.",
        "website": "",
        "token": token,
        "source_page": source_page,
    }
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Origin": f"http://127.0.0.1:{port}"}
    status, response_headers, _ = fetch(port, "POST", "/contact/envoyer/", urlencode(fields), headers)

    assert (status, response_headers["Location"]) == (303, "/contact/merci/")
    assert "Merci, votre message a bien été envoyé" in fetch(port, "GET", "/contact/merci/")[2]
    messages = wait_for_mails(smtp_server.inbox, 2)
    assert [recipients for recipients, _ in messages] == [["leads@50a.fr"], ["camille@boulangerie-martin.fr"]]
    assert "relancer notre Instagram" in messages[0][1].get_body(("plain",)).get_content()
    lead = delivered_lead()
    assert (lead.quarantined, lead.source_title, lead.delivery_status) == (False, "Contact", "sent")


def test_without_javascript_the_confirmation_step_then_the_lead_and_both_mails(site_processes, smtp_server, chromium):
    from playwright.sync_api import expect

    # The run's one Chromium (agency_site/tests/browser/fixtures.py): a second sync Playwright session in the
    # same process fails once the first has started its event loop.
    port = site_processes
    context = chromium.new_context(java_script_enabled=False, base_url=f"http://127.0.0.1:{port}")
    try:
        page = context.new_page()
        page.goto("/contact/")
        page.get_by_label("Nom et prénom").fill("Dominique Roux")
        page.get_by_label("E-mail").fill("dominique@roux-conseil.fr")
        page.get_by_label("Message").fill("Un devis pour une stratégie social media, s’il vous plaît.")
        page.get_by_role("button", name="Envoyer").click()
        expect(page.locator("#contact-form-confirm")).to_contain_text("Votre message n’est pas encore envoyé")
        # The visitor confirms at once: the form came filled, this click is not a fill-time failure.
        page.get_by_role("button", name="Confirmer l’envoi").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Merci, votre message a bien été envoyé")
    finally:
        context.close()

    messages = wait_for_mails(smtp_server.inbox, 2)
    assert [recipients for recipients, _ in messages] == [["leads@50a.fr"], ["dominique@roux-conseil.fr"]]
    lead = delivered_lead()
    assert (lead.name, lead.quarantined, lead.delivery_status) == ("Dominique Roux", False, "sent")
