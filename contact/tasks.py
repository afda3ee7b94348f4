"""Background jobs of the lead pipeline."""

from django.tasks import task

from .notifications import send_submission_notification


@task()
def deliver_submission_notification(submission_pk):
    from .models import ContactSubmission

    submission = ContactSubmission.objects.filter(pk=submission_pk).first()
    if submission is None:
        return "missing"
    return send_submission_notification(submission)
