"""Background jobs of the lead pipeline, run by `manage.py db_worker`."""

from django.tasks import task


@task()
def deliver_submission_notification(submission_pk):
    from .delivery import deliver_submission

    return deliver_submission(submission_pk)
