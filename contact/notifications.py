"""The two mails a lead sends: the notification to the agency and the acknowledgement to the prospect."""

import re

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from wagtail.models import Site

from agency_site.models import AgencySettings

# Control characters (CR, LF, NUL, …) have no place in a mail header; user text never reaches one raw.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]+")


def single_line(value, limit=120):
    """User text made safe for a header: no line breaks or control characters, bounded length."""
    text = " ".join(CONTROL_CHARACTERS.sub(" ", str(value)).split())
    # "=?utf-8?q?…?=" would be decoded by mail clients (RFC 2047): break it so the text shows as typed.
    return text.replace("=?", "= ?")[:limit]


def agency_settings_for(submission):
    site = None
    if submission.source_page_id and submission.source_page is not None:
        site = submission.source_page.get_site()
    site = site or Site.objects.filter(is_default_site=True).first()
    return AgencySettings.for_site(site) if site else AgencySettings()


def notification_recipients(agency):
    """CONTACT_RECIPIENTS from the environment wins over the recipients edited in the admin."""
    return list(settings.CONTACT_RECIPIENTS) or agency.recipients or ([agency.email] if agency.email else [])


def notification_subject(submission):
    name = single_line(submission.name, 80)
    if submission.company:
        return _("Nouvelle demande de contact : %(name)s (%(company)s)") % {
            "name": name,
            "company": single_line(submission.company, 80),
        }
    return _("Nouvelle demande de contact : %(name)s") % {"name": name}


def render_mail(template, context):
    """Plain text (never HTML-escaped, never rendered as HTML) and an HTML alternative (autoescaped)."""
    text = render_to_string(f"contact/email/{template}.txt", context)
    html = render_to_string(f"contact/email/{template}.html", context)
    return text, html


def build_notification(submission, agency):
    text, html = render_mail("notification", {"submission": submission, "agency": agency})
    message = EmailMultiAlternatives(
        subject=notification_subject(submission),
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=notification_recipients(agency),
        reply_to=[single_line(submission.email, 254)],
    )
    message.attach_alternative(html, "text/html")
    return message


def build_acknowledgement(submission, agency):
    text, html = render_mail("acknowledgement", {"submission": submission, "agency": agency})
    reply_to = [agency.email] if agency.email else []
    message = EmailMultiAlternatives(
        subject=_("Nous avons bien reçu votre message – %(agency)s") % {"agency": single_line(agency.name, 60)},
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[single_line(submission.email, 254)],
        reply_to=reply_to,
    )
    message.attach_alternative(html, "text/html")
    return message
