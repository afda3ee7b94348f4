"""The agency's view of leads in the Wagtail admin."""

import csv
import io
from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.utils import timezone

from contact.models import ContactSubmission, DeliveryAttempt
from contact.tests.conftest import text_of
from contact.tests.factories import ContactSubmissionFactory

pytestmark = pytest.mark.django_db

LIST_URL = "/admin/demandes-de-contact/"


@pytest.fixture
def agency_user(client, django_user_model):
    user = django_user_model.objects.create_superuser("agence", "agence@50a.fr", "motdepasse-solide-42")
    client.force_login(user)
    return user


@pytest.fixture(autouse=True)
def recipients(settings):
    settings.CONTACT_RECIPIENTS = ["leads@50a.fr"]


def page(response):
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.content, "html.parser")


def listed_names(response):
    return [
        text_of(cell)
        for cell in page(response).select("table.listing tbody td.title a, table.listing tbody td:nth-of-type(2) a")
    ][:50]


def rows(response):
    return [text_of(row) for row in page(response).select("table.listing tbody tr")]


def test_listing_is_newest_first_and_shows_status(client, agency_user):
    old = ContactSubmissionFactory(name="Ancien Prospect", created_at=timezone.now() - timedelta(days=2))
    new = ContactSubmissionFactory(name="Nouveau Prospect")
    ContactSubmission.objects.filter(pk=old.pk).update(handled=True)

    listing = rows(client.get(LIST_URL))

    assert "Nouveau Prospect" in listing[0] and "nouveau" in listing[0]
    assert "Ancien Prospect" in listing[1] and "traité" in listing[1]
    assert new.pk != old.pk


@pytest.mark.parametrize(
    ("status", "expected"),
    [("nouveau", "Nouveau Lead"), ("traite", "Lead Traité"), ("spam", "Spammeur"), ("echec", "Lead Échoué")],
)
def test_status_filter(client, agency_user, status, expected):
    ContactSubmissionFactory(name="Nouveau Lead")
    ContactSubmissionFactory(name="Lead Traité", handled=True)
    ContactSubmissionFactory(name="Spammeur", quarantined=True)
    ContactSubmissionFactory(name="Lead Échoué", delivery_status=ContactSubmission.Delivery.FAILED)

    listing = rows(client.get(LIST_URL, {"status": status}))

    assert len(listing) == 1 and expected in listing[0]


def test_search_and_source_page_filter(client, agency_user, contact_site):
    ContactSubmissionFactory(name="Alice Durand", source_page=contact_site["entry"], source_title="Entrée")
    ContactSubmissionFactory(name="Bruno Petit", message="Parlons de TikTok", source_page=contact_site["service"])

    assert [("Bruno Petit" in row) for row in rows(client.get(LIST_URL, {"q": "tiktok"}))] == [True]
    by_page = rows(client.get(LIST_URL, {"source_page": contact_site["entry"].pk}))
    assert len(by_page) == 1 and "Alice Durand" in by_page[0]


def test_detail_view_lists_each_delivery_attempt(client, agency_user):
    submission = ContactSubmissionFactory(name="Chloé Bernard")
    DeliveryAttempt.objects.create(submission=submission, outcome="failed", error="SMTPConnectError: 421 down")
    DeliveryAttempt.objects.create(submission=submission, outcome="sent")

    detail = page(client.get(f"{LIST_URL}inspect/{submission.pk}/"))

    attempts = [text_of(row) for row in detail.select("#delivery-attempts tbody tr")]
    assert len(attempts) == 2
    assert "échec" in attempts[0] and "SMTPConnectError: 421 down" in attempts[0]
    assert "envoyé" in attempts[1]
    assert "Chloé Bernard" in text_of(detail)


def test_quarantined_lead_is_released_and_sent_in_one_click(client, agency_user):
    spam = ContactSubmissionFactory(name="Faux Positif", quarantined=True, spam_reason="2 liens")
    detail = page(client.get(f"{LIST_URL}inspect/{spam.pk}/"))
    form = detail.find("button", string="Pas un spam : libérer et envoyer").find_parent("form")

    response = client.post(form["action"])

    assert response.status_code == 302
    spam.refresh_from_db()
    assert spam.quarantined is False and spam.delivery_status == ContactSubmission.Delivery.SENT
    assert [message.to for message in mail.outbox] == [["leads@50a.fr"], [spam.email]]


def test_handled_toggle(client, agency_user):
    submission = ContactSubmissionFactory()

    client.post(f"/admin/demandes-de-contact/{submission.pk}/traite/")
    submission.refresh_from_db()
    assert submission.handled is True and submission.handled_at is not None

    client.post(f"/admin/demandes-de-contact/{submission.pk}/traite/")
    submission.refresh_from_db()
    assert submission.handled is False and submission.handled_at is None


def test_bulk_resend_action_sends_failed_leads_once(client, agency_user):
    failed = ContactSubmissionFactory(delivery_status=ContactSubmission.Delivery.FAILED)
    url = f"/admin/bulk/contact/contactsubmission/resend/?next={LIST_URL}&id={failed.pk}"

    confirmation = page(client.get(url))
    assert failed.name in text_of(confirmation)
    client.post(url)
    client.post(url)

    failed.refresh_from_db()
    assert failed.delivery_status == ContactSubmission.Delivery.SENT
    assert len(mail.outbox) == 2


def test_csv_export_quotes_every_cell_and_neutralises_formulas_even_split_on_semicolons(client, agency_user):
    ContactSubmissionFactory(name='=HYPERLINK("http://evil")', company="+33 Corp", message="@SUM(A1)", phone="")
    ContactSubmissionFactory(name="-2+3", company='Normal SA;=HYPERLINK("http://evil")')

    response = client.get(LIST_URL, {"export": "csv"})

    body = b"".join(response.streaming_content).decode()
    table = list(csv.DictReader(io.StringIO(body, newline="")))
    names = {row["Nom et prénom"] for row in table}
    assert names == {'\'=HYPERLINK("http://evil")', "'-2+3"}
    assert {row["Société"] for row in table} == {"'+33 Corp", 'Normal SA;\'=HYPERLINK("http://evil")'}
    assert "'@SUM(A1)" in {row["Message"] for row in table}
    lines = body.splitlines()
    assert all(line.startswith('"') and line.endswith('"') for line in lines[:2])
    # A French spreadsheet splits the same lines on semicolons: still no cell starts a formula.
    for row in csv.reader(io.StringIO(body, newline=""), delimiter=";"):
        assert [cell for cell in row if cell.lstrip('" ')[:1] in ("=", "+", "-", "@")] == []


def test_dashboard_panel_counts_unhandled_failed_and_leads_per_page(client, agency_user, contact_site):
    ContactSubmissionFactory.create_batch(
        2, source_page=contact_site["entry"], source_title="Agence community management"
    )
    ContactSubmissionFactory(source_page=contact_site["service"], source_title="Social media", handled=True)
    ContactSubmissionFactory(delivery_status=ContactSubmission.Delivery.FAILED, source_title="Social media")

    panel = page(client.get("/admin/")).find(id="contact-leads-section")

    text = text_of(panel)
    assert "2 demandes à traiter" in text
    assert "1 demande en échec d’envoi" in text
    by_source = [text_of(row) for row in panel.select("#leads-by-source tbody tr")]
    assert by_source[0] == "Agence community management 2"


def test_nobody_creates_a_lead_by_hand(client, agency_user):
    refused = client.post(f"{LIST_URL}add/", {"handled": "on"})

    assert refused.status_code == 302 and refused["Location"] == "/admin/"
    assert ContactSubmission.objects.count() == 0
    assert page(client.get(LIST_URL)).find("a", href=f"{LIST_URL}add/") is None


def test_bulk_mark_handled_and_release(client, agency_user):
    new, spam = ContactSubmissionFactory(), ContactSubmissionFactory(quarantined=True, spam_reason="3 liens")

    client.post(f"/admin/bulk/contact/contactsubmission/mark_handled/?next={LIST_URL}&id={new.pk}")
    client.post(f"/admin/bulk/contact/contactsubmission/release/?next={LIST_URL}&id={spam.pk}")

    new.refresh_from_db()
    spam.refresh_from_db()
    assert new.handled is True and new.status == ContactSubmission.Status.HANDLED
    assert spam.quarantined is False and spam.delivery_status == ContactSubmission.Delivery.SENT
    assert [message.to for message in mail.outbox] == [["leads@50a.fr"], [spam.email]]


def test_dashboard_lists_quarantined_leads_with_their_reason_and_releases_one_in_a_click(
    client, agency_user, contact_site, post_form, settings
):
    settings.CONTACT_RATE_LIMIT = "1/1h"
    post_form(contact_site["contact"], ip="192.0.2.50", message="Première demande")
    post_form(
        contact_site["contact"], ip="192.0.2.50", message="Seconde demande, tout aussi humaine", email="lea@exemple.fr"
    )
    post_form(contact_site["contact"], website="http://robot.example", message="Robot")
    mail.outbox.clear()

    panel = page(client.get("/admin/")).find(id="contact-leads-section")

    assert "2 demandes en quarantaine en attente de décision" in text_of(panel)
    rows = panel.select("#leads-in-quarantine tbody tr")
    assert len(rows) == 2
    rate_limited = next(row for row in rows if "limite d’envois par adresse IP dépassée" in text_of(row))
    assert any("champ piège rempli" in text_of(row) for row in rows)
    form = rate_limited.find("button", string="Libérer et envoyer").find_parent("form")

    response = client.post(form["action"], {"next": form.find("input", attrs={"name": "next"})["value"]})

    assert response.status_code == 302 and response["Location"] == "/admin/"
    released = ContactSubmission.objects.get(message="Seconde demande, tout aussi humaine")
    assert (released.quarantined, released.delivery_status) == (False, ContactSubmission.Delivery.SENT)
    assert [message.to for message in mail.outbox] == [["leads@50a.fr"], [released.email]]
    assert "1 demande en quarantaine en attente de décision" in text_of(page(client.get("/admin/")))
