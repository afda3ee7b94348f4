"""The offers index and the service pages that glossary entries lead to."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from agency_site.autolinking.models import AutoLinkedPage
from agency_site.blocks import BodyStreamBlock
from agency_site.models import BasePage


class ServiceIndexPage(BasePage):
    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    parent_page_types = ["agency_site.HomePage"]
    subpage_types = ["services.ServicePage"]
    max_count = 1

    class Meta:
        verbose_name = _("index des offres")
        verbose_name_plural = _("index des offres")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["services"] = ServicePage.objects.child_of(self).live().public().order_by("path")
        return context


class ServicePage(AutoLinkedPage, BasePage):
    teaser_headline = models.CharField(
        _("accroche"),
        max_length=160,
        help_text=_("Première phrase de l’aperçu, par ex. « Co-construire votre stratégie social media. »"),
    )
    teaser_text = models.CharField(
        _("texte de l’aperçu"),
        max_length=250,
        help_text=_("Seconde phrase de l’aperçu, par ex. « Vous accompagner avec agilité pour… »"),
    )
    intro = models.TextField(_("introduction"), blank=True)
    body = StreamField(BodyStreamBlock(), verbose_name=_("contenu"), blank=True)

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel([FieldPanel("teaser_headline"), FieldPanel("teaser_text")], heading=_("Aperçu de l’offre")),
        FieldPanel("intro"),
        FieldPanel("body"),
    ]
    promote_panels = [
        *BasePage.promote_panels,
        MultiFieldPanel(AutoLinkedPage.autolink_panels, heading=_("Liens automatiques")),
    ]
    search_fields = [
        *BasePage.search_fields,
        index.SearchField("teaser_headline"),
        index.SearchField("teaser_text"),
        index.SearchField("intro"),
        index.SearchField("body"),
    ]

    parent_page_types = ["services.ServiceIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("offre")
        verbose_name_plural = _("offres")

    @property
    def meta_description(self):
        return self.search_description or self.listing_summary or f"{self.teaser_headline} {self.teaser_text}"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["linked_body"] = self.linked_body_html(request)
        return context
