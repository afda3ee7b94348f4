"""The contact page, the stored leads, their delivery attempts and the rate limit's counters."""

import logging
from datetime import timedelta

from django.db import DatabaseError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page

from agency_site.models import BasePage

logger = logging.getLogger(__name__)


class ContactPage(BasePage):
    intro = models.TextField(_("introduction"), blank=True)
    form_title = models.CharField(_("titre du formulaire"), max_length=100, default="Pas le temps ?")
    form_subtitle = models.CharField(
        _("sous-titre du formulaire"), max_length=100, default="Formulaire de contact", blank=True
    )

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("form_title"), FieldPanel("form_subtitle")]

    parent_page_types = ["agency_site.HomePage"]
    subpage_types = []
    max_count = 1
    presents_the_agency = True

    class Meta:
        verbose_name = _("page contact")
        verbose_name_plural = _("pages contact")


class ContactSubmissionQuerySet(models.QuerySet):
    def quarantined(self):
        return self.filter(quarantined=True)

    def failed(self):
        return self.filter(quarantined=False, delivery_status=ContactSubmission.Delivery.FAILED)

    def unhandled(self):
        return self.filter(quarantined=False, handled=False)

    def with_status(self, status):
        """The four statuses the agency filters by: nouveau, traité, spam, échec."""
        if status == ContactSubmission.Status.SPAM:
            return self.quarantined()
        if status == ContactSubmission.Status.FAILED:
            return self.failed()
        if status == ContactSubmission.Status.HANDLED:
            return self.filter(quarantined=False, handled=True)
        if status == ContactSubmission.Status.NEW:
            return self.unhandled().exclude(delivery_status=ContactSubmission.Delivery.FAILED)
        return self

    def for_email(self, email):
        return self.filter(email__iexact=email.strip())


class ContactSubmission(models.Model):
    """A lead: stored before any mail is attempted, so it is never lost."""

    # Written by visitors, shown on no public page: never empties the page cache.
    invalidates_page_cache = False

    class Delivery(models.TextChoices):
        PENDING = "pending", _("en attente d’envoi")
        SENT = "sent", _("envoyé")
        FAILED = "failed", _("échec de l’envoi")

    class Status(models.TextChoices):
        NEW = "nouveau", _("nouveau")
        HANDLED = "traite", _("traité")
        SPAM = "spam", _("spam")
        FAILED = "echec", _("échec")

    class SourceKind(models.TextChoices):
        GLOSSARY = "glossary", _("entrée du glossaire")
        SERVICE = "service", _("offre")
        CONTACT = "contact", _("page contact")
        OTHER = "other", _("autre page")

    name = models.CharField(_("nom et prénom"), max_length=150)
    company = models.CharField(_("société"), max_length=150, blank=True)
    email = models.EmailField(_("e-mail"), max_length=254)
    phone = models.CharField(_("mobile"), max_length=32, blank=True)
    message = models.TextField(_("message"))
    created_at = models.DateTimeField(_("reçu le"), default=timezone.now, db_index=True)

    source_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("page d’origine"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    source_kind = models.CharField(
        _("type de page d’origine"), max_length=10, choices=SourceKind.choices, default=SourceKind.OTHER
    )
    source_title = models.CharField(_("titre de la page d’origine"), max_length=255, blank=True)
    source_url = models.CharField(_("adresse d’origine"), max_length=500, blank=True)
    privacy_notice = models.TextField(_("mention d’information affichée"), blank=True)

    # Dedupe: the key comes from the visitor's own form; the fingerprint catches resubmits without one.
    # NULL, unlike "", never collides in the unique constraint below (leads spooled without a form token).
    idempotency_key = models.CharField(_("clé d’idempotence"), max_length=64, null=True, blank=True)  # noqa: DJ001
    content_fingerprint = models.CharField(_("empreinte du contenu"), max_length=64, db_index=True, blank=True)

    quarantined = models.BooleanField(_("spam présumé"), default=False, db_index=True)
    spam_reason = models.CharField(_("raison de la mise en quarantaine"), max_length=255, blank=True)
    handled = models.BooleanField(_("traité"), default=False, db_index=True)
    handled_at = models.DateTimeField(_("traité le"), null=True, blank=True)

    delivery_status = models.CharField(
        _("envoi"), max_length=10, choices=Delivery.choices, default=Delivery.PENDING, db_index=True
    )
    delivery_error = models.TextField(_("dernière erreur d’envoi"), blank=True)
    attempt_count = models.PositiveIntegerField(_("tentatives d’envoi"), default=0)
    retry_window_started_at = models.DateTimeField(_("début des tentatives"), null=True, blank=True)
    next_attempt_at = models.DateTimeField(_("prochaine tentative"), null=True, blank=True, db_index=True)
    # A worker owns the submission until this time: a second worker never sends concurrently.
    claimed_until = models.DateTimeField(null=True, blank=True, editable=False)
    sent_at = models.DateTimeField(_("notification envoyée le"), null=True, blank=True)
    acknowledged_at = models.DateTimeField(_("accusé de réception envoyé le"), null=True, blank=True)
    acknowledgement_skipped = models.BooleanField(
        _("accusé de réception non envoyé (déjà un envoi à cette adresse dans la journée)"), default=False
    )

    objects = ContactSubmissionQuerySet.as_manager()

    class Meta:
        verbose_name = _("demande de contact")
        verbose_name_plural = _("demandes de contact")
        ordering = ["-created_at", "-pk"]
        constraints = [
            # One form sent twice with the same content is one lead; with another message, two.
            models.UniqueConstraint(
                fields=["idempotency_key", "content_fingerprint"], name="contact_one_lead_per_form_and_content"
            )
        ]

    def __str__(self):
        return f"{self.name} ({self.email})"

    def save(self, *args, **kwargs):
        # The admin's « traité » checkbox only sets `handled`; the date follows it.
        if self.handled and self.handled_at is None:
            self.handled_at = timezone.now()
        elif not self.handled:
            self.handled_at = None
        super().save(*args, **kwargs)

    @property
    def status(self):
        if self.quarantined:
            return self.Status.SPAM
        if self.handled:
            return self.Status.HANDLED
        if self.delivery_status == self.Delivery.FAILED:
            return self.Status.FAILED
        return self.Status.NEW

    def get_status_display(self):
        return self.Status(self.status).label

    @property
    def delivered(self):
        return self.sent_at is not None and (self.acknowledged_at is not None or self.acknowledgement_skipped)


class AcknowledgedAddress(models.Model):
    """When an address last got an acknowledgement: nobody verified it, so it gets at most one a day.

    Kept in the database so every worker shares it; the address is stored as a keyed hash, never in clear.
    """

    invalidates_page_cache = False

    address_digest = models.CharField(max_length=64, unique=True)
    last_sent_at = models.DateTimeField()

    class Meta:
        verbose_name = _("adresse ayant reçu un accusé de réception")
        verbose_name_plural = _("adresses ayant reçu un accusé de réception")

    def __str__(self):
        return f"{self.address_digest[:12]}… {self.last_sent_at:%Y-%m-%d %H:%M}"


class DeliveryAttempt(models.Model):
    """One try at sending a submission's mails, kept so the agency sees every error."""

    invalidates_page_cache = False

    class Outcome(models.TextChoices):
        SENT = "sent", _("envoyé")
        FAILED = "failed", _("échec")

    submission = models.ForeignKey(
        ContactSubmission, verbose_name=_("demande"), on_delete=models.CASCADE, related_name="attempts"
    )
    attempted_at = models.DateTimeField(_("tentative du"), default=timezone.now)
    outcome = models.CharField(_("résultat"), max_length=10, choices=Outcome.choices)
    error = models.TextField(_("erreur"), blank=True)

    class Meta:
        verbose_name = _("tentative d’envoi")
        verbose_name_plural = _("tentatives d’envoi")
        ordering = ["attempted_at", "pk"]

    def __str__(self):
        return f"{self.attempted_at:%Y-%m-%d %H:%M:%S} {self.get_outcome_display()}"


class RateLimitCounter(models.Model):
    """Posts of one visitor in the current window of CONTACT_RATE_LIMIT, when the counters are in the database.

    Without Redis (the embedded default) every process counts here: each post is counted under the row's
    lock (SELECT … FOR UPDATE on PostgreSQL, an IMMEDIATE transaction on SQLite), so simultaneous posts on
    several workers are each counted once. The visitor is a keyed hash of their address, never the address.
    """

    invalidates_page_cache = False

    visitor_digest = models.CharField(max_length=64, unique=True)
    posts = models.PositiveIntegerField(default=0)
    window_ends_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("compteur de la limite d’envois")
        verbose_name_plural = _("compteurs de la limite d’envois")

    def __str__(self):
        return f"{self.visitor_digest[:12]}… {self.posts} jusqu’à {self.window_ends_at:%Y-%m-%d %H:%M}"

    @classmethod
    def count_post(cls, visitor_digest, window_seconds):
        """Count one post of this visitor; returns their posts in the current window, this one included."""
        now = timezone.now()
        window_ends_at = now + timedelta(seconds=window_seconds)
        with transaction.atomic():
            counter, created = cls.objects.select_for_update().get_or_create(
                visitor_digest=visitor_digest, defaults={"posts": 1, "window_ends_at": window_ends_at}
            )
            if not created:
                if counter.window_ends_at <= now:
                    counter.posts, counter.window_ends_at = 1, window_ends_at
                else:
                    counter.posts += 1
                counter.save(update_fields=["posts", "window_ends_at"])
        if created:
            cls.forget_ended_windows(now)
        return counter.posts

    @classmethod
    def forget_ended_windows(cls, now):
        """Keep the table to the visitors of the current windows (a new visitor's first post pays for it)."""
        try:
            with transaction.atomic():
                cls.objects.filter(window_ends_at__lt=now).delete()
        except DatabaseError:
            # Housekeeping never costs a lead: the next new visitor tries again.
            logger.warning("contact rate limit: ended windows not deleted", exc_info=True)
