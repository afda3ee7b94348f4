"""Delivery of stored leads: recorded attempts, backoff, final failure, idempotence, concurrent workers."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from contact.delivery import claim, deliver_submission, retry_delay, start_delivery
from contact.models import ContactSubmission, DeliveryAttempt
from contact.tests.factories import ContactSubmissionFactory

FAILING_MAILERS = {"default": {"BACKEND": "contact.tests.mail_backends.UnreachableSMTPBackend"}}
DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture(autouse=True)
def recipients(settings):
    settings.CONTACT_RECIPIENTS = ["leads@50a.fr"]


def run_worker():
    call_command("db_worker", batch=True, interval=0, startup_delay=False, reload=False, verbosity=0)


def test_backoff_starts_at_30_seconds_doubles_to_10_minutes_and_covers_a_day():
    delays = [retry_delay(failures) for failures in range(1, 160)]

    assert delays[:6] == [30, 60, 120, 240, 480, 600]
    assert max(delays) == 600
    # Under the 24 h window, this is how many tries a lead gets before « échec ».
    elapsed, tries = 0, 0
    while elapsed < 24 * 3600:
        tries += 1
        elapsed += retry_delay(tries)
    assert tries > 140


@pytest.mark.django_db
def test_each_attempt_is_recorded_and_the_lead_fails_only_after_24_hours(settings):
    settings.MAILERS = FAILING_MAILERS
    submission = ContactSubmissionFactory(retry_window_started_at=timezone.now())

    assert deliver_submission(submission.pk) == "retry"
    submission.refresh_from_db()
    assert submission.delivery_status == ContactSubmission.Delivery.PENDING
    assert 29 <= (submission.next_attempt_at - timezone.now()).total_seconds() <= 30

    ContactSubmission.objects.filter(pk=submission.pk).update(
        retry_window_started_at=timezone.now() - timedelta(hours=24, minutes=1)
    )
    assert deliver_submission(submission.pk) == "failed"

    submission.refresh_from_db()
    assert submission.delivery_status == ContactSubmission.Delivery.FAILED
    assert submission.status == ContactSubmission.Status.FAILED
    assert submission.attempt_count == 2
    assert [a.outcome for a in submission.attempts.all()] == [DeliveryAttempt.Outcome.FAILED] * 2
    assert all("421" in attempt.error for attempt in submission.attempts.all())


@pytest.mark.django_db
def test_a_delivered_lead_is_never_sent_again():
    submission = ContactSubmissionFactory()

    assert deliver_submission(submission.pk) == "sent"
    assert deliver_submission(submission.pk) == "skipped"
    assert start_delivery([ContactSubmission.objects.get(pk=submission.pk)]) == []

    assert len(mail.outbox) == 2
    assert ContactSubmission.objects.get(pk=submission.pk).attempts.count() == 1


@pytest.mark.django_db
def test_a_second_worker_cannot_take_a_lead_another_worker_holds():
    submission = ContactSubmissionFactory()
    now = timezone.now()

    assert claim(submission.pk, now) is True
    assert claim(submission.pk, now) is False
    assert deliver_submission(submission.pk) == "skipped"
    assert mail.outbox == []
    # A worker that died mid-send releases the lead when its claim expires.
    assert claim(submission.pk, now + timedelta(minutes=6)) is True


@pytest.mark.django_db
def test_a_failed_acknowledgement_never_resends_the_notification(settings, monkeypatch):
    from contact import delivery

    submission = ContactSubmissionFactory(retry_window_started_at=timezone.now())

    def refuse(*args, **kwargs):
        raise OSError("connection reset while sending the acknowledgement")

    with monkeypatch.context() as patch:
        patch.setattr(delivery, "build_acknowledgement", refuse)
        assert deliver_submission(submission.pk) == "retry"
    ContactSubmission.objects.filter(pk=submission.pk).update(next_attempt_at=None)
    assert deliver_submission(submission.pk) == "sent"

    subjects = [message.subject for message in mail.outbox]
    assert subjects.count("Nouvelle demande de contact : " + submission.name + " (Acme)") == 1
    assert len(subjects) == 2


@pytest.mark.django_db
def test_resend_command_requeues_failed_leads(settings):
    failed = ContactSubmissionFactory(delivery_status=ContactSubmission.Delivery.FAILED, delivery_error="boom")
    sent = ContactSubmissionFactory(
        delivery_status=ContactSubmission.Delivery.SENT, sent_at=timezone.now(), acknowledged_at=timezone.now()
    )
    spam = ContactSubmissionFactory(quarantined=True)

    call_command("resend_submissions", verbosity=0)

    assert ContactSubmission.objects.get(pk=failed.pk).delivery_status == ContactSubmission.Delivery.SENT
    assert ContactSubmission.objects.get(pk=sent.pk).attempts.count() == 0
    assert ContactSubmission.objects.get(pk=spam.pk).attempts.count() == 0
    assert [message.to for message in mail.outbox] == [["leads@50a.fr"], [failed.email]]


@pytest.mark.django_db
def test_resend_command_selected_ids_and_due_retries(settings):
    first, second, waiting = ContactSubmissionFactory.create_batch(3)
    ContactSubmission.objects.filter(pk=waiting.pk).update(next_attempt_at=timezone.now() - timedelta(seconds=1))

    call_command("resend_submissions", "--ids", str(first.pk), verbosity=0)
    call_command("resend_submissions", "--due", verbosity=0)

    delivered = set(
        ContactSubmission.objects.filter(delivery_status=ContactSubmission.Delivery.SENT).values_list("pk", flat=True)
    )
    assert delivered == {first.pk, waiting.pk}


@pytest.mark.django_db(transaction=True)
def test_the_database_queue_retries_a_lead_later_and_delivers_it_once(settings, contact_site, post_form):
    settings.TASKS = DATABASE_QUEUE
    settings.MAILERS = FAILING_MAILERS

    assert post_form(contact_site["contact"]).status_code == 303
    submission = ContactSubmission.objects.get()
    lead_jobs = DBTaskResult.objects.filter(task_path="contact.tasks.deliver_submission_notification")
    assert lead_jobs.ready().count() == 1  # the request only queued the job
    run_worker()

    submission.refresh_from_db()
    assert submission.attempts.get().outcome == DeliveryAttempt.Outcome.FAILED
    retry = lead_jobs.filter(status="READY").get()
    assert 25 <= (retry.run_after - timezone.now()).total_seconds() <= 31
    run_worker()  # too early: the retry waits for its time
    assert submission.attempts.count() == 1

    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    DBTaskResult.objects.filter(pk=retry.pk).update(run_after=timezone.now())
    run_worker()
    run_worker()

    submission.refresh_from_db()
    assert submission.delivery_status == ContactSubmission.Delivery.SENT
    assert [a.outcome for a in submission.attempts.all()] == ["failed", "sent"]
    assert len(mail.outbox) == 2


@pytest.mark.django_db
def test_resend_and_due_never_touch_a_lead_a_worker_holds_nor_restart_its_window(settings):
    settings.MAILERS = FAILING_MAILERS
    started = timezone.now() - timedelta(hours=3)
    held = ContactSubmissionFactory(retry_window_started_at=started, next_attempt_at=timezone.now())
    assert claim(held.pk, timezone.now())
    waiting = ContactSubmissionFactory(retry_window_started_at=started, next_attempt_at=timezone.now())

    call_command("resend_submissions", "--due", verbosity=0)
    call_command("resend_submissions", "--ids", str(held.pk), str(waiting.pk), verbosity=0)

    held.refresh_from_db()
    waiting.refresh_from_db()
    assert held.attempts.count() == 0 and held.claimed_until is not None
    assert held.retry_window_started_at == started
    # The cron's retry is an attempt within the same window, which still ends 24 h after it started.
    assert waiting.attempts.count() == 2 and waiting.retry_window_started_at == started
    ContactSubmission.objects.filter(pk=waiting.pk).update(
        retry_window_started_at=timezone.now() - timedelta(hours=24, minutes=1), next_attempt_at=timezone.now()
    )
    call_command("resend_submissions", "--due", verbosity=0)
    assert ContactSubmission.objects.get(pk=waiting.pk).delivery_status == ContactSubmission.Delivery.FAILED
