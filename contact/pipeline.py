"""Receiving a lead: validate, store first, then hand the notification to the task queue."""

import logging

from .forms import ContactForm
from .models import ContactSubmission

logger = logging.getLogger(__name__)


def receive_submission(request, source_page=None):
    """Validate the posted form; store a valid one and enqueue its mail. Returns (form, submission)."""
    form = ContactForm(request.POST)
    if not form.is_valid():
        return form, None
    data = form.cleaned_data
    submission = ContactSubmission.objects.create(
        name=data["name"],
        company=data["company"],
        email=data["email"],
        phone=data["phone"],
        message=data["message"],
        source_page=source_page,
        source_url=request.build_absolute_uri()[:500],
    )
    enqueue_notification(submission.pk)
    return form, submission


def enqueue_notification(submission_pk):
    from .tasks import deliver_submission_notification

    try:
        deliver_submission_notification.enqueue(submission_pk)
    except Exception:
        # The row is stored and stays "pending": `manage.py resend_submissions` picks it up.
        logger.exception("Could not enqueue the notification of submission %s", submission_pk)
