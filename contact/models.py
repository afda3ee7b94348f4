"""The contact page, the form mixin shared by content pages, and the stored submissions."""

from django.db import models
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page

from agency_site.models import BasePage


class ContactFormMixin:
    """A page that shows the contact form and accepts its posts (entries, services, contact)."""

    contact_form_enabled = True

    def get_context(self, request, *args, **kwargs):
        from .forms import ContactForm

        context = super().get_context(request, *args, **kwargs)
        context.setdefault("contact_form", ContactForm())
        return context

    def serve(self, request, *args, **kwargs):
        if request.method != "POST":
            return super().serve(request, *args, **kwargs)
        from .services import receive_submission

        form, submission = receive_submission(request, source_page=self)
        if submission is not None:
            return redirect(reverse("contact_thanks"))
        context = self.get_context(request, *args, **kwargs)
        context["contact_form"] = form
        response = TemplateResponse(request, self.get_template(request, *args, **kwargs), context)
        response.status_code = 400 if form is None else 200
        return response


class ContactPage(ContactFormMixin, BasePage):
    intro = models.TextField(_("introduction"), blank=True)
    form_title = models.CharField(_("titre du formulaire"), max_length=100, default="Pas le temps ?")
    form_subtitle = models.CharField(
        _("sous-titre du formulaire"), max_length=100, default="Formulaire de contact", blank=True
    )

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("form_title"), FieldPanel("form_subtitle")]

    parent_page_types = ["agency_site.HomePage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = _("page contact")
        verbose_name_plural = _("pages contact")


class ContactSubmission(models.Model):
    """A lead: stored before any mail is attempted, so it is never lost."""

    class Delivery(models.TextChoices):
        PENDING = "pending", _("en attente d’envoi")
        SENT = "sent", _("envoyé")
        FAILED = "failed", _("échec de l’envoi")

    name = models.CharField(_("nom et prénom"), max_length=150)
    company = models.CharField(_("société"), max_length=150, blank=True)
    email = models.EmailField(_("e-mail"), max_length=254)
    phone = models.CharField(_("mobile"), max_length=32, blank=True)
    message = models.TextField(_("message"))
    created_at = models.DateTimeField(_("reçu le"), auto_now_add=True, db_index=True)
    source_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("page d’origine"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    source_url = models.CharField(_("adresse d’origine"), max_length=500, blank=True)
    delivery_status = models.CharField(
        _("envoi"), max_length=10, choices=Delivery.choices, default=Delivery.PENDING, db_index=True
    )
    delivery_error = models.TextField(_("erreur d’envoi"), blank=True)
    sent_at = models.DateTimeField(_("envoyé le"), null=True, blank=True)

    class Meta:
        verbose_name = _("demande de contact")
        verbose_name_plural = _("demandes de contact")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.name} ({self.email})"
