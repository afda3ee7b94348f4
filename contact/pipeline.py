"""Receiving a lead: guard, validate, dedupe, store first, then hand the mails to the task queue."""

import hashlib
import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Page

from . import spam
from .delivery import schedule
from .forms import ContactForm
from .models import ContactSubmission
from .spool import write_to_spool

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
    # Kept on local disk while the database is down (contact/spool.py); stored when it is back.
    spooled: bool = False
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
    """The stored lead this post repeats: same form and same content, or same content within the window.

    The same form sent again with another message (back, edit, send) is a second lead, not a duplicate.
    """
    if idempotency_key:
        existing = ContactSubmission.objects.filter(
            idempotency_key=idempotency_key, content_fingerprint=fingerprint
        ).first()
        if existing:
            return existing
    return ContactSubmission.objects.filter(
        content_fingerprint=fingerprint, created_at__gte=timezone.now() - DEDUPE_WINDOW
    ).first()


def form_token(data, fingerprint):
    """The post's valid token, or None; a confirmation token counts only for the content it confirms."""
    token = spam.read_token(data.get("token"))
    if token is not None and token.confirms and token.confirms != fingerprint:
        return None  # edited on the confirmation page: the new text is confirmed like a first post
    return token


def posted_page_id(raw):
    """The page id of the form's hidden field; ASCII digits only (str.isdigit() accepts "²" and "١٢")."""
    return int(raw) if raw.isascii() and raw.isdigit() and len(raw) < 12 else None


def read_post(request):
    """The posted form and, when it is valid, its data, content fingerprint, token and spam reasons.

    Needs no database: the same reading serves a post stored at once and one spooled during an outage."""
    form = ContactForm(request.POST)
    if not form.is_valid():
        return form, None, None, None, None
    data = form.cleaned_data
    fingerprint = content_fingerprint(data)
    token = form_token(data, fingerprint)
    return form, data, fingerprint, token, spam.spam_reasons(data, token)


def receive_submission(request, source_page=None):
    """Validate the posted form and store it when it is a lead (or suspected spam). Never sends mail itself."""
    form, data, fingerprint, token, reasons = read_post(request)
    if data is None:
        return Reception(form=form)
    key = token.idempotency_key if token else None

    duplicate = find_duplicate(key, fingerprint)
    if duplicate is not None:
        return Reception(form=form, submission=duplicate, duplicate=True)
    if token is None and not reasons:
        # No JavaScript, or a token from yesterday: show the filled form back with a fresh signed
        # token; the visitor's second click is the real submission (see README). The form came
        # filled, so that click is not held to the minimum fill time.
        return Reception(form=form, needs_confirmation=True, fresh_token=spam.issue_token(confirms=fingerprint))
    if spam.rate_limit_exceeded(request):
        # A spam wave must lose nothing: over the limit, the post is kept in quarantine, never mailed.
        reasons.append(_("limite d’envois par adresse IP dépassée"))

    submission = store_lead(data, source_page, key, fingerprint, reasons)
    return Reception(form=form, submission=submission, duplicate=submission.duplicate, spam_reasons=reasons)


def store_lead(data, source_page, key, fingerprint, reasons, received_at=None):
    """Create the lead and queue its mails; the existing one if the same form and content won a race."""
    try:
        with transaction.atomic():
            submission = ContactSubmission.objects.create(
                name=data["name"],
                company=data["company"],
                email=data["email"],
                phone=data["phone"],
                message=data["message"],
                created_at=received_at or timezone.now(),
                source_page=source_page,
                source_kind=source_kind_of(source_page),
                source_title=(source_page.title if source_page else "")[:255],
                source_url=(source_page.full_url or "")[:500] if source_page else "",
                privacy_notice=privacy_notice_text(),
                idempotency_key=key,
                content_fingerprint=fingerprint,
                quarantined=bool(reasons),
                spam_reason="; ".join(reasons)[:255],
                # A quarantined lead's window opens when the agency releases it.
                retry_window_started_at=None if reasons else timezone.now(),
            )
    except IntegrityError:
        # The same form and content won a race with this request (double click on two connections).
        duplicate = ContactSubmission.objects.filter(idempotency_key=key, content_fingerprint=fingerprint).first()
        if duplicate is None:
            raise
        duplicate.duplicate = True
        return duplicate
    submission.duplicate = False
    if not submission.quarantined:
        schedule(submission.pk)
    return submission


def spool_submission(request):
    """The database cannot be written: keep a valid post on local disk (contact/spool.py).

    Everything decided here needs no database; the dedupe and the source page wait for the ingestion.
    An invalid post, or one without a token, comes back unspooled for the view to show the form again.
    """
    form, data, fingerprint, token, reasons = read_post(request)
    if data is None:
        return Reception(form=form)
    if token is None and not reasons:
        # No JavaScript: the same confirmation step as with the database, a signed token and no query.
        return Reception(form=form, needs_confirmation=True, fresh_token=spam.issue_token(confirms=fingerprint))
    if spam.rate_limit_exceeded(request):
        reasons.append(_("limite d’envois par adresse IP dépassée"))
    write_to_spool(
        {
            "received_at": timezone.now().isoformat(),
            "fields": {name: data[name] for name in ("name", "company", "email", "phone", "message")},
            "source_page": posted_page_id(request.POST.get("source_page", "")),
            # A lead spooled without a form token still gets a key: ingesting it twice stores it once.
            "idempotency_key": token.idempotency_key if token else f"spool-{secrets.token_urlsafe(24)}",
            "fingerprint": fingerprint,
            "reasons": reasons,
        }
    )
    return Reception(form=form, spooled=True)


def store_spooled(record):
    """Store a lead written to the spool during an outage, once: a second ingestion finds it by its key."""
    key, fingerprint = record["idempotency_key"], record["fingerprint"]
    if ContactSubmission.objects.filter(idempotency_key=key, content_fingerprint=fingerprint).exists():
        return None
    source_page = Page.objects.live().filter(pk=record["source_page"]).first() if record["source_page"] else None
    received_at = datetime.fromisoformat(record["received_at"])
    return store_lead(
        record["fields"],
        source_page.specific if source_page else None,
        key,
        fingerprint,
        record["reasons"],
        received_at,
    )
