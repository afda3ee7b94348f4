"""Two task workers and the cron's resend, as separate processes on PostgreSQL: each mail leaves exactly once."""

from collections import Counter
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from contact.delivery import schedule
from contact.models import ContactSubmission
from contact.tests.factories import ContactSubmissionFactory
from contact.tests.processes import drain_queue, finish, manage, production_environment

pytestmark = [pytest.mark.slow, pytest.mark.smtp]

LEADS = 30


@pytest.mark.django_db(transaction=True)
def test_two_workers_and_the_cron_running_at_once_send_each_mail_exactly_once(smtp_server, settings):
    if connection.vendor != "postgresql":
        pytest.skip("Needs PostgreSQL (DATABASE_URL=postgres://…): SQLite has no concurrent writers to race.")
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    window = timezone.now() - timedelta(minutes=20)
    # Queued twenty minutes ago and never tried: `resend_submissions --due` takes every one of them too.
    leads = [
        ContactSubmissionFactory(
            name=f"Prospect {n}",
            email=f"prospect{n}@exemple.fr",
            created_at=window,
            retry_window_started_at=window,
        )
        for n in range(LEADS)
    ]
    for lead in leads:
        schedule(lead.pk)
    smtp_server.inbox.delay = 0.05
    environment = production_environment(smtp_server.port)

    worker_arguments = ("db_worker", "--queue-name", "*", "--batch", "--interval", "0", "--no-startup-delay")
    processes = [
        manage(*worker_arguments, "--no-reload", environment=environment),
        manage(*worker_arguments, "--no-reload", environment=environment),
        manage("resend_submissions", "--due", environment=environment),
    ]
    for process in processes:
        finish(process)
    drain_queue(environment)  # the jobs the cron queued while the workers ran

    recipients = Counter(address for addresses, _ in smtp_server.inbox.messages for address in addresses)
    notifications = Counter(message["Subject"] for message in smtp_server.inbox.notifications())
    assert notifications == Counter(
        {f"Nouvelle demande de contact\u00a0: Prospect {n} (Acme)": 1 for n in range(LEADS)}
    )
    assert recipients == Counter({"leads@50a.fr": LEADS, **{f"prospect{n}@exemple.fr": 1 for n in range(LEADS)}})
    stored = ContactSubmission.objects.all()
    assert {lead.delivery_status for lead in stored} == {ContactSubmission.Delivery.SENT}
    assert {lead.retry_window_started_at for lead in stored} == {window}
    assert {lead.attempts.filter(outcome="sent").count() for lead in stored} == {1}
