"""A prospect posts the form: what is stored, what is mailed, what they see."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from contact.models import ContactSubmission, DeliveryAttempt
from contact.tests.conftest import soup, text_of

pytestmark = pytest.mark.django_db

FAILING_MAILERS = {"default": {"BACKEND": "contact.tests.mail_backends.UnreachableSMTPBackend"}}


def test_valid_post_stores_the_lead_mails_the_agency_and_acknowledges(client, contact_site, post_form):
    response = post_form(contact_site["service"])

    assert response.status_code == 303
    assert response["Location"] == "/contact/merci/"
    submission = ContactSubmission.objects.get()
    assert (submission.name, submission.company, submission.email) == (
        "Camille Martin",
        "Boulangerie Martin",
        "camille@boulangerie-martin.fr",
    )
    assert submission.phone == "+33 6 12 34 56 78"
    assert submission.source_page_id == contact_site["service"].pk
    assert submission.source_kind == ContactSubmission.SourceKind.SERVICE
    assert submission.source_title == "Social media"
    assert "conservées trois ans à compter de votre demande" in submission.privacy_notice
    assert submission.delivery_status == ContactSubmission.Delivery.SENT
    assert [attempt.outcome for attempt in submission.attempts.all()] == [DeliveryAttempt.Outcome.SENT]

    notification, acknowledgement = mail.outbox
    assert notification.to == ["leads@50a.fr", "direction@50a.fr"]
    assert notification.reply_to == ["camille@boulangerie-martin.fr"]
    assert notification.subject == "Nouvelle demande de contact : Camille Martin (Boulangerie Martin)"
    assert "Bonjour, nous voulons relancer notre Instagram." in notification.body
    assert "Social media" in notification.body
    html, mimetype = notification.alternatives[0]
    assert mimetype == "text/html" and "Camille Martin" in html

    assert acknowledgement.to == ["camille@boulangerie-martin.fr"]
    assert acknowledgement.subject == "Nous avons bien reçu votre message – 50A"
    # Nobody verified the address: the mail quotes nothing the visitor wrote.
    html = acknowledgement.alternatives[0].content
    for typed in ("Camille", "Martin", "Boulangerie", "relancer notre Instagram", "06 12"):
        assert typed not in acknowledgement.body and typed not in html and typed not in acknowledgement.subject
    assert "28 rue du Chemin Vert" in acknowledgement.body and "01 40 33 00 65" in acknowledgement.body

    confirmation = soup(client.get(response["Location"]))
    status = confirmation.find(attrs={"role": "status"})
    assert "Merci, votre message a bien été envoyé" in text_of(status)


@pytest.mark.parametrize(
    ("page_key", "kind"),
    [("entry", "glossary"), ("service", "service"), ("contact", "contact")],
)
def test_each_lead_records_which_page_brought_it(contact_site, post_form, page_key, kind):
    post_form(contact_site[page_key])

    submission = ContactSubmission.objects.get()
    assert submission.source_page_id == contact_site[page_key].pk
    assert submission.source_kind == kind


@pytest.mark.parametrize(
    ("field", "value", "error"),
    [
        ("name", "", "Indiquez votre nom et prénom."),
        ("name", "\x1c\x1d ", "Indiquez votre nom et prénom."),
        ("email", "pas-une-adresse", "Saisissez une adresse e-mail valide, par exemple nom@societe.fr."),
        ("email", "a@b.fr\nBcc: x@y.fr", "Saisissez une adresse e-mail valide, par exemple nom@societe.fr."),
        ("phone", "12", "Saisissez un numéro de téléphone valide"),
        ("message", "x" * 5001, "Votre message est trop long : 5000 caractères au plus (il en compte 5001)."),
        ("message", "", "Écrivez votre message."),
    ],
)
def test_each_invalid_field_stores_nothing_and_shows_the_error_next_to_it(contact_site, post_form, field, value, error):
    response = post_form(contact_site["entry"], **{field: value})

    assert response.status_code == 200
    assert ContactSubmission.objects.count() == 0
    assert mail.outbox == []
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    page = soup(response)
    assert page.find("h1").get_text(strip=True) == "Agence community management"
    field_input = page.find(id=f"id_{field}")
    assert field_input["aria-invalid"] == "true"
    error_node = page.find(id=f"id_{field}_error")
    assert f"id_{field}_error" in field_input["aria-describedby"].split()
    assert error in text_of(error_node)
    summary = page.find(id="contact-form-errors")
    assert summary["role"] == "alert" and error.split(",")[0] in text_of(summary)
    # Everything else the visitor typed is still there.
    if field != "company":
        assert page.find(id="id_company")["value"] == "Boulangerie Martin"
    if field != "message":
        assert "relancer notre Instagram" in page.find(id="id_message").get_text()


def test_encoded_words_and_line_breaks_never_reach_a_header(contact_site, post_form):
    post_form(contact_site["contact"], company="=?utf-8?q?a=0ABcc:_x@y.fr?=\r\nBcc: x@y.fr")

    notification = mail.outbox[0]
    assert "\n" not in notification.subject and "=?" not in notification.subject
    assert notification.message()["Bcc"] is None
    assert notification.recipients() == ["leads@50a.fr", "direction@50a.fr"]


def test_company_is_one_line_in_the_subject_and_the_labels_of_the_notification(contact_site, post_form):
    post_form(contact_site["contact"], company="Acme\nE-mail : faux@pirate.example\r\nMobile : 0000")

    assert ContactSubmission.objects.get().company == "Acme E-mail : faux@pirate.example Mobile : 0000"
    body = mail.outbox[0].body
    assert "Société : Acme E-mail : faux@pirate.example Mobile : 0000\n" in body.replace("\u00a0", " ")
    assert "\nE-mail : faux@" not in body.replace("\u00a0", " ")


def test_one_address_gets_at_most_one_acknowledgement_a_day(contact_site, post_form):
    from contact.models import AcknowledgedAddress

    for number in range(3):
        post_form(contact_site["contact"], message=f"Demande numéro {number}", email="victime@exemple.fr")

    acknowledgements = [message for message in mail.outbox if message.to == ["victime@exemple.fr"]]
    assert len(acknowledgements) == 1 and len(mail.outbox) == 4
    stored = ContactSubmission.objects.order_by("pk")
    assert [lead.acknowledgement_skipped for lead in stored] == [False, True, True]
    assert {lead.delivery_status for lead in stored} == {ContactSubmission.Delivery.SENT}
    assert "victime" not in AcknowledgedAddress.objects.get().address_digest

    # A day later, the address may get one again.
    AcknowledgedAddress.objects.update(last_sent_at=timezone.now() - timedelta(days=1, minutes=1))
    post_form(contact_site["contact"], message="Demande du lendemain", email="Victime@Exemple.fr")
    assert [message.to for message in mail.outbox][-1] == ["Victime@Exemple.fr"]


def test_mail_outage_keeps_the_lead_marks_it_unsent_and_confirms(client, contact_site, post_form, settings):
    settings.MAILERS = FAILING_MAILERS

    response = post_form(contact_site["contact"])

    assert response.status_code == 303
    submission = ContactSubmission.objects.get()
    assert submission.sent_at is None
    assert submission.delivery_status == ContactSubmission.Delivery.PENDING
    assert "Service not available" in submission.delivery_error
    attempt = submission.attempts.get()
    assert attempt.outcome == DeliveryAttempt.Outcome.FAILED and "SMTPConnectError" in attempt.error
    page = soup(client.get(response["Location"]))
    assert "Merci, votre message a bien été envoyé" in text_of(page.find(attrs={"role": "status"}))


def test_form_pages_hold_nothing_per_visitor(client, contact_site):
    first = client.get("/contact/").content.decode()
    client.cookies.clear()
    second = client.get("/contact/").content.decode()

    form_html = soup(client.get("/contact/")).find("form", attrs={"data-contact-form": True})
    assert first == second
    assert "csrfmiddlewaretoken" not in first
    assert form_html["action"] == "/contact/envoyer/"
    assert form_html.find("input", attrs={"name": "token"}).get("value", "") == ""
    assert form_html.find("input", attrs={"name": "source_page"})["value"] == str(contact_site["contact"].pk)
    notice = form_html.find(class_="contact-form__notice")
    assert "conservées trois ans à compter de votre demande" in text_of(notice)


def test_token_endpoint_gives_each_visitor_a_fresh_uncached_token(client, db):
    first = client.get("/contact/jeton/")
    second = client.get("/contact/jeton/")

    assert first["Content-Type"] == "application/json"
    assert "no-store" in first["Cache-Control"]
    assert first.json()["token"] != second.json()["token"]


def test_without_javascript_one_confirming_click_sends_the_message(client, contact_site, post_form, settings):
    # The shipped minimum fill time; the visitor confirms at once, well under it after the confirmation page.
    assert settings.CONTACT_MIN_FILL_SECONDS == 3
    first = post_form(contact_site["contact"], token="")

    assert first.status_code == 200
    assert ContactSubmission.objects.count() == 0
    page = soup(first)
    assert "Votre message n’est pas encore envoyé" in text_of(page.find(id="contact-form-confirm"))
    assert page.find(id="id_name")["value"] == "Camille Martin"
    assert text_of(page.find("button", type="submit")) == "Confirmer l’envoi"
    fresh_token = page.find("input", attrs={"name": "token"})["value"]
    assert "no-store" in first["Cache-Control"]

    second = post_form(contact_site["contact"], token=fresh_token)

    assert second.status_code == 303
    submission = ContactSubmission.objects.get()
    assert (submission.quarantined, submission.spam_reason) == (False, "")
    assert len(mail.outbox) == 2


def test_without_javascript_a_message_edited_on_the_confirmation_page_is_confirmed_again(contact_site, post_form):
    fresh_token = soup(post_form(contact_site["contact"], token="")).find("input", attrs={"name": "token"})["value"]

    edited = post_form(contact_site["contact"], token=fresh_token, message="Finalement, plutôt TikTok.")

    assert edited.status_code == 200
    assert "Votre message n’est pas encore envoyé" in text_of(soup(edited).find(id="contact-form-confirm"))
    assert ContactSubmission.objects.count() == 0
    confirmed = post_form(
        contact_site["contact"],
        token=soup(edited).find("input", attrs={"name": "token"})["value"],
        message="Finalement, plutôt TikTok.",
    )
    assert confirmed.status_code == 303
    assert ContactSubmission.objects.get().message == "Finalement, plutôt TikTok."


def test_a_forged_token_is_treated_like_no_token(contact_site, post_form):
    response = post_form(contact_site["contact"], token="forged:token")

    assert response.status_code == 200
    assert ContactSubmission.objects.count() == 0


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "https://evil.example"},
        {"Origin": "null"},
        {"Sec-Fetch-Site": "cross-site"},
        {"Referer": "https://evil.example/page"},
    ],
)
def test_cross_site_posts_are_refused_in_french(contact_site, post_form, headers):
    response = post_form(contact_site["contact"], headers=headers)

    assert response.status_code == 403
    assert "Envoi refusé" in text_of(soup(response).find("h1"))
    assert ContactSubmission.objects.count() == 0


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "http://testserver"},
        {"Sec-Fetch-Site": "same-origin"},
        {"Referer": "http://testserver/contact/"},
    ],
)
def test_same_site_posts_go_through(contact_site, post_form, headers):
    assert post_form(contact_site["contact"], headers=headers).status_code == 303
    assert ContactSubmission.objects.count() == 1


def test_trusted_origin_from_settings_is_accepted(contact_site, post_form, settings):
    settings.CSRF_TRUSTED_ORIGINS = ["https://www.50a.fr"]

    assert post_form(contact_site["contact"], headers={"Origin": "https://www.50a.fr"}).status_code == 303


def test_a_form_body_in_utf16_is_refused_with_400(client, contact_site):
    # The test client encodes this text in the declared charset, as a misbehaving client would.
    body = "name=Camille&email=c%40b.fr&message=Bonjour"
    response = client.post("/contact/envoyer/", body, content_type="application/x-www-form-urlencoded; charset=utf-16")

    assert response.status_code == 400
    assert ContactSubmission.objects.count() == 0


def test_a_lead_leaves_every_cached_page_in_place(client, contact_site, post_form, settings):
    # Visitors write leads, counters and acknowledged addresses; none of them shows on a page, so none may
    # empty the page cache (a bot posting with new addresses would otherwise keep every page uncached).
    settings.CONTACT_RATE_LIMIT = "10/10m"
    url = contact_site["entry"].get_url()
    # The first render creates a settings row this small site lacks (a new version): warm until stored.
    assert "hit" in [client.get(url)["X-Page-Cache"] for _view in range(3)]

    post_form(contact_site["entry"], email="nouvelle-adresse@exemple.fr")

    assert ContactSubmission.objects.get().delivery_status == ContactSubmission.Delivery.SENT
    assert [message.to for message in mail.outbox][1] == ["nouvelle-adresse@exemple.fr"]
    assert client.get(url)["X-Page-Cache"] == "hit"
