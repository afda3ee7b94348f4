"""Delivering a stored lead: one claimed attempt at a time, each recorded, retried with backoff, never sent twice."""

import hashlib
import hmac
import logging
from datetime import timedelta

from django.conf import settings
from django.db.models import Case, F, Q, Value, When
from django.utils import timezone

from .models import AcknowledgedAddress, ContactSubmission, DeliveryAttempt
from .notifications import agency_settings_for, build_acknowledgement, build_notification

logger = logging.getLogger(__name__)

FIRST_RETRY_SECONDS = 30
MAX_RETRY_SECONDS = 600
# An address nobody verified gets at most one acknowledgement in this time, whoever types it in the form.
ACKNOWLEDGEMENT_INTERVAL = timedelta(days=1)
# How long a worker owns a submission; longer than any SMTP timeout, short enough to recover from a crash.
CLAIM_SECONDS = 300


def retry_delay(failures):
    """Seconds before the next try after `failures` failed attempts: 30 s, 60 s, 120 s … capped at 10 min."""
    return min(FIRST_RETRY_SECONDS * 2 ** max(failures - 1, 0), MAX_RETRY_SECONDS)


def retry_window():
    """Keep retrying this long (24 h by default) before the final « échec »."""
    return timedelta(hours=getattr(settings, "CONTACT_DELIVERY_RETRY_HOURS", 24))


def claim(submission_pk, now):
    """Take the submission for this worker; False when it is sent, quarantined or held by another worker.

    A conditional UPDATE is atomic in every database: of two concurrent workers only one gets a row count of 1.
    """
    claimed = (
        ContactSubmission.objects.filter(
            pk=submission_pk, quarantined=False, delivery_status=ContactSubmission.Delivery.PENDING
        )
        .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))
        .update(claimed_until=now + timedelta(seconds=CLAIM_SECONDS))
    )
    return claimed == 1


def describe(error):
    return f"{type(error).__name__}: {error}"[:2000]


def deliver_submission(submission_pk):
    """Send whatever mail of the submission has not gone yet; record the attempt; schedule a retry if needed."""
    now = timezone.now()
    if not claim(submission_pk, now):
        return "skipped"
    submission = ContactSubmission.objects.get(pk=submission_pk)
    agency = agency_settings_for(submission)
    errors = []

    if submission.sent_at is None:
        try:
            message = build_notification(submission, agency)
            if not message.to:
                raise RuntimeError("Aucun destinataire configuré pour les demandes de contact.")
            message.send()
        except Exception as error:  # noqa: BLE001 - any mail failure leaves the lead stored, recorded and retried
            errors.append(describe(error))
        else:
            # Saved at once: a crash before the acknowledgement must not send the notification again.
            submission.sent_at = timezone.now()
            submission.save(update_fields=["sent_at"])

    if submission.sent_at is not None and not submission.delivered:
        if not reserve_acknowledgement(submission.email, now):
            submission.acknowledgement_skipped = True
            submission.save(update_fields=["acknowledgement_skipped"])
        else:
            try:
                build_acknowledgement(submission, agency).send()
            except Exception as error:  # noqa: BLE001
                release_acknowledgement(submission.email, now)
                errors.append(_acknowledgement_error(error))
            else:
                submission.acknowledged_at = timezone.now()
                submission.save(update_fields=["acknowledged_at"])

    return _record_outcome(submission, errors, now)


def address_digest(email):
    normalised = email.strip().casefold().encode()
    return hmac.new(settings.SECRET_KEY.encode(), normalised, hashlib.sha256).hexdigest()


def reserve_acknowledgement(email, now):
    """True when this address may get an acknowledgement now (none in the last day), recording it.

    get_or_create then a conditional UPDATE: of two workers acknowledging the same address, one wins.
    """
    digest = address_digest(email)
    _record, created = AcknowledgedAddress.objects.get_or_create(address_digest=digest, defaults={"last_sent_at": now})
    if created:
        return True
    return (
        AcknowledgedAddress.objects.filter(
            address_digest=digest, last_sent_at__lte=now - ACKNOWLEDGEMENT_INTERVAL
        ).update(last_sent_at=now)
        == 1
    )


def release_acknowledgement(email, now):
    """The acknowledgement did not leave: the next try may send it."""
    AcknowledgedAddress.objects.filter(address_digest=address_digest(email), last_sent_at=now).update(
        last_sent_at=now - ACKNOWLEDGEMENT_INTERVAL
    )


def _acknowledgement_error(error):
    return f"Accusé de réception : {describe(error)}"


def _record_outcome(submission, errors, now):
    DeliveryAttempt.objects.create(
        submission=submission,
        attempted_at=now,
        outcome=DeliveryAttempt.Outcome.FAILED if errors else DeliveryAttempt.Outcome.SENT,
        error="\n".join(errors),
    )
    submission.attempt_count += 1
    submission.claimed_until = None
    fields = ["attempt_count", "claimed_until", "delivery_status", "delivery_error", "next_attempt_at"]
    if not errors:
        submission.delivery_status = ContactSubmission.Delivery.SENT
        submission.delivery_error = ""
        submission.next_attempt_at = None
        submission.save(update_fields=fields)
        return "sent"

    submission.delivery_error = "\n".join(errors)
    logger.warning("Delivery of submission %s failed: %s", submission.pk, submission.delivery_error)
    started = submission.retry_window_started_at or submission.created_at
    failures = submission.attempts.filter(outcome=DeliveryAttempt.Outcome.FAILED, attempted_at__gte=started).count()
    if now - started >= retry_window():
        # The agency has the lead if only the acknowledgement failed: that is not a lost lead.
        submission.delivery_status = (
            ContactSubmission.Delivery.SENT if submission.sent_at else ContactSubmission.Delivery.FAILED
        )
        submission.next_attempt_at = None
        submission.save(update_fields=fields)
        return "failed"
    submission.next_attempt_at = now + timedelta(seconds=retry_delay(failures))
    submission.save(update_fields=fields)
    schedule(submission.pk, submission.next_attempt_at)
    return "retry"


def schedule(submission_pk, run_after=None):
    """Enqueue a delivery; deferred when the queue supports it (django-tasks-db does).

    With a queue that cannot defer (the immediate backend of tests), the retry is left to
    `manage.py resend_submissions --due`, never run inline in a loop.
    """
    from .tasks import deliver_submission_notification

    task = deliver_submission_notification
    if run_after is not None:
        if not task.get_backend().supports_defer:
            return None
        task = task.using(run_after=run_after)
    try:
        return task.enqueue(submission_pk)
    except Exception:
        # The row is stored and stays pending: `manage.py resend_submissions --due` picks it up.
        logger.exception("Could not enqueue the delivery of submission %s", submission_pk)
        return None


def start_delivery(submissions, release=False):
    """(Re)start delivery of stored submissions and enqueue them. Returns those queued.

    One conditional UPDATE per lead, so a lead a worker holds is never touched (its mails could go
    twice), a delivered one is never sent again, and a running 24 h window is never restarted (the
    cron would otherwise keep a failing lead « pending » forever). A window opens when none ran yet,
    when the last one ended in « échec » (a person asks again) or when a quarantined lead is released.
    Quarantined ones are skipped unless `release` (the agency judged them genuine).
    """
    queued = []
    now = timezone.now()
    new_window = (
        Q(retry_window_started_at__isnull=True)
        | Q(delivery_status=ContactSubmission.Delivery.FAILED)
        | Q(quarantined=True)
    )
    for submission in submissions:
        startable = (
            ContactSubmission.objects.filter(pk=submission.pk)
            .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))
            .exclude(Q(sent_at__isnull=False) & (Q(acknowledged_at__isnull=False) | Q(acknowledgement_skipped=True)))
        )
        if not release:
            startable = startable.filter(quarantined=False)
        started = startable.update(
            quarantined=False,
            delivery_status=ContactSubmission.Delivery.PENDING,
            next_attempt_at=None,
            retry_window_started_at=Case(When(new_window, then=Value(now)), default=F("retry_window_started_at")),
        )
        if started:
            schedule(submission.pk)
            queued.append(submission)
    return queued
