"""Against a real SMTP server (aiosmtpd on 127.0.0.1): content, escaping, and an outage the leads survive."""

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from contact.models import ContactSubmission
from contact.tests.conftest import aged_token

pytestmark = pytest.mark.smtp


def html_part(message):
    return message.get_body(preferencelist=("html",)).get_content()


def text_part(message):
    return message.get_body(preferencelist=("plain",)).get_content()


@pytest.mark.django_db
def test_the_notification_arrives_with_subject_reply_to_and_escaped_content(contact_site, post_form, smtp_server):
    response = post_form(
        contact_site["entry"],
        name="Léa <b>Dupont</b>",
        company="Café & Co",
        message='Bonjour <script>alert("x")</script>\nSecond paragraphe.',
    )

    assert response.status_code == 303
    (recipients, notification), (ack_recipients, acknowledgement) = smtp_server.inbox.messages
    assert recipients == ["leads@50a.fr", "direction@50a.fr"]
    assert notification["Subject"] == "Nouvelle demande de contact : Léa <b>Dupont</b> (Café & Co)"
    assert notification["Reply-To"] == "camille@boulangerie-martin.fr"
    assert 'Bonjour <script>alert("x")</script>' in text_part(notification)
    assert "Agence community management" in text_part(notification)
    html = html_part(notification)
    assert "<script>" not in html and "<b>Dupont" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert "Léa &lt;b&gt;Dupont&lt;/b&gt;" in html and "Café &amp; Co" in html

    assert ack_recipients == ["camille@boulangerie-martin.fr"]
    assert acknowledgement["Reply-To"] == "contact@50a.fr"
    assert "Second paragraphe." not in text_part(acknowledgement)
    assert "Dupont" not in html_part(acknowledgement) and "script" not in html_part(acknowledgement)
    assert ContactSubmission.objects.get().delivery_status == ContactSubmission.Delivery.SENT


@pytest.mark.django_db(transaction=True)
def test_ten_leads_sent_during_an_outage_arrive_exactly_once_when_mail_returns(
    contact_site, post_form, smtp_server, settings
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    smtp_server.stop()

    responses = [
        post_form(
            contact_site["service"],
            token=aged_token(),
            name=f"Prospect {n}",
            email=f"prospect{n}@exemple.fr",
            message=f"Demande numéro {n}",
        )
        for n in range(10)
    ]

    assert [response.status_code for response in responses] == [303] * 10
    assert all(response["Location"] == "/contact/merci/" for response in responses)
    run_worker()  # the server is down: every first attempt fails and a retry is scheduled
    assert ContactSubmission.objects.filter(attempts__outcome="failed").distinct().count() == 10
    assert ContactSubmission.objects.filter(sent_at__isnull=True).count() == 10

    smtp_server.start()
    # Time passes: the retries scheduled ~30 s ahead become due.
    DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())
    run_worker()
    run_worker()

    received = sorted(
        text_part(message).split("Message :")[1].split()[2] for message in smtp_server.inbox.notifications()
    )
    assert received == [str(n) for n in range(10)]
    assert ContactSubmission.objects.filter(delivery_status=ContactSubmission.Delivery.SENT).count() == 10
    assert len(smtp_server.inbox.messages) == 20  # ten notifications, ten acknowledgements


def run_worker():
    call_command("db_worker", batch=True, interval=0, startup_delay=False, reload=False, verbosity=0)
