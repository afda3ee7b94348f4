"""Receiving a lead: guard, validate, dedupe, store first, then hand the mails to the task queue."""

import hashlib
from dataclasses import dataclass, field
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import spam
from .delivery import schedule
from .forms import ContactForm
from .models import ContactSubmission

# A second identical message from the same address within this window is the same lead (double click, retry).
DEDUPE_WINDOW = timedelta(minutes=10)


@dataclass
class Reception:
    """What happened to one post of the form, for the view to answer."""

    form: ContactForm
    submission: ContactSubmission | None = None
    needs_confirmation: bool = False
    duplicate: bool = False
    fresh_token: str = ""
    spam_reasons: list = field(default_factory=list)


def privacy_notice_text():
    """The notice under every form; the privacy page says the same (agency_site/demo/site_content.py)."""
    return _(
        "L’agence traite ces informations uniquement pour répondre à votre demande, sur la base de mesures "
        "précontractuelles prises à votre demande ou, à défaut, de son intérêt légitime à répondre à qui la "
        "contacte (RGPD, article 6). Seules l’équipe de l’agence et ses prestataires techniques (hébergement, "
        "envoi des e-mails) y ont accès. Elles sont conservées trois ans à compter de votre demande. Vous pouvez "
        "y accéder, les faire rectifier ou effacer, vous opposer à leur traitement ou en demander la limitation "
        "en écrivant à l’agence (coordonnées ci-dessus), et adresser une réclamation à la CNIL."
    )


def source_kind_of(page):
    if page is None:
        return ContactSubmission.SourceKind.OTHER
    label = page.specific_class._meta.label_lower if page.specific_class else ""
    return {
        "glossary.glossaryentrypage": ContactSubmission.SourceKind.GLOSSARY,
        "services.servicepage": ContactSubmission.SourceKind.SERVICE,
        "contact.contactpage": ContactSubmission.SourceKind.CONTACT,
    }.get(label, ContactSubmission.SourceKind.OTHER)


def content_fingerprint(data):
    normalised = "\x1f".join(
        " ".join(str(data.get(name, "")).split()).casefold() for name in ("email", "name", "company", "message")
    )
    return hashlib.sha256(normalised.encode()).hexdigest()


def find_duplicate(idempotency_key, fingerprint):
    if idempotency_key:
        existing = ContactSubmission.objects.filter(idempotency_key=idempotency_key).first()
        if existing:
            return existing
    return ContactSubmission.objects.filter(
        content_fingerprint=fingerprint, created_at__gte=timezone.now() - DEDUPE_WINDOW
    ).first()


def receive_submission(request, source_page=None):
    """Validate the posted form and store it when it is a lead (or suspected spam). Never sends mail itself."""
    form = ContactForm(request.POST)
    if not form.is_valid():
        return Reception(form=form)
    data = form.cleaned_data
    token = spam.read_token(data.get("token"))
    reasons = spam.spam_reasons(data, token)
    fingerprint = content_fingerprint(data)
    key = token.idempotency_key if token else None

    duplicate = find_duplicate(key, fingerprint)
    if duplicate is not None:
        return Reception(form=form, submission=duplicate, duplicate=True)
    if token is None and not reasons:
        # No JavaScript, or a token from yesterday: show the filled form back with a fresh signed
        # token; the visitor's second click is the real submission (see README).
        return Reception(form=form, needs_confirmation=True, fresh_token=spam.issue_token())
    if spam.rate_limit_exceeded(request):
        # A spam wave must lose nothing: over the limit, the post is kept in quarantine, never mailed.
        reasons.append(_("limite d’envois par adresse IP dépassée"))

    try:
        with transaction.atomic():
            submission = ContactSubmission.objects.create(
                name=data["name"],
                company=data["company"],
                email=data["email"],
                phone=data["phone"],
                message=data["message"],
                source_page=source_page,
                source_kind=source_kind_of(source_page),
                source_title=(source_page.title if source_page else "")[:255],
                source_url=(source_page.full_url or "")[:500] if source_page else "",
                privacy_notice=privacy_notice_text(),
                idempotency_key=key,
                content_fingerprint=fingerprint,
                quarantined=bool(reasons),
                spam_reason="; ".join(reasons)[:255],
                retry_window_started_at=timezone.now(),
            )
    except IntegrityError:
        # The same idempotency key won a race with this request (double click on two connections).
        duplicate = ContactSubmission.objects.filter(idempotency_key=key).first()
        if duplicate is None:
            raise
        return Reception(form=form, submission=duplicate, duplicate=True)

    if not submission.quarantined:
        schedule(submission.pk)
    return Reception(form=form, submission=submission, spam_reasons=reasons)
