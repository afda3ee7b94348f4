"""The notification mail a lead sends to the agency."""

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import timezone
from wagtail.models import Site

from agency_site.models import AgencySettings

logger = logging.getLogger(__name__)


def agency_settings_for(submission):
    site = None
    if submission.source_page_id:
        site = submission.source_page.get_site()
    site = site or Site.objects.filter(is_default_site=True).first()
    return AgencySettings.for_site(site) if site else AgencySettings()


def notification_recipients(agency):
    """CONTACT_RECIPIENTS from the environment wins over the recipients edited in the admin."""
    return list(settings.CONTACT_RECIPIENTS) or agency.recipients or ([agency.email] if agency.email else [])


def build_notification(submission, agency):
    subject = f"Nouvelle demande de contact : {submission.name}"
    if submission.company:
        subject += f" ({submission.company})"
    body = render_to_string("contact/email/notification.txt", {"submission": submission, "agency": agency})
    return EmailMessage(
        subject=subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=notification_recipients(agency),
        reply_to=[submission.email],
    )


def send_submission_notification(submission):
    """Send one mail to all recipients; record the outcome on the submission, never raise."""
    from .models import ContactSubmission

    if submission.delivery_status == ContactSubmission.Delivery.SENT:
        return "already-sent"
    agency = agency_settings_for(submission)
    try:
        message = build_notification(submission, agency)
        if not message.to:
            raise RuntimeError("Aucun destinataire configuré pour les demandes de contact.")
        message.send()
    except Exception as error:  # noqa: BLE001 - any mail failure must leave the lead stored and marked
        logger.warning("Notification of submission %s failed: %s", submission.pk, error)
        submission.delivery_status = ContactSubmission.Delivery.FAILED
        submission.delivery_error = f"{type(error).__name__}: {error}"[:2000]
        submission.save(update_fields=["delivery_status", "delivery_error"])
        return "failed"
    submission.delivery_status = ContactSubmission.Delivery.SENT
    submission.delivery_error = ""
    submission.sent_at = timezone.now()
    submission.save(update_fields=["delivery_status", "delivery_error", "sent_at"])
    return "sent"
