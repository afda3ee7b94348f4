"""The glossary index and its entries."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, PageChooserPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from agency_site.blocks import BodyStreamBlock, HeadingBlock, heading_anchor
from agency_site.models import BasePage
from contact.models import ContactFormMixin


class GlossaryIndexPage(BasePage):
    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    parent_page_types = ["agency_site.HomePage"]
    subpage_types = ["glossary.GlossaryEntryPage"]
    max_count = 1

    class Meta:
        verbose_name = _("index du glossaire")
        verbose_name_plural = _("index du glossaire")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["entries"] = (
            GlossaryEntryPage.objects.child_of(self)
            .live()
            .public()
            .only("title", "url_path", "short_definition")
            .order_by("title")
        )
        return context


class GlossaryEntryPage(ContactFormMixin, BasePage):
    short_definition = models.TextField(
        _("définition courte"),
        max_length=400,
        help_text=_("Une ou deux phrases : reprises dans la liste du glossaire, les aperçus et la méta-description."),
    )
    body = StreamField(BodyStreamBlock(), verbose_name=_("contenu"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("short_definition"),
        FieldPanel("body"),
        InlinePanel(
            "service_links",
            label=_("Offres mises en avant"),
            heading=_("Offres mises en avant"),
            help_text=_("Les aperçus d’offres affichés sous l’article, dans cet ordre."),
        ),
    ]
    search_fields = [
        *BasePage.search_fields,
        index.SearchField("short_definition"),
        index.SearchField("body"),
    ]

    parent_page_types = ["glossary.GlossaryIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("entrée du glossaire")
        verbose_name_plural = _("entrées du glossaire")

    @property
    def meta_description(self):
        return self.search_description or self.short_definition

    @property
    def table_of_contents(self):
        """(level, text, anchor) for each heading of the body, in order."""
        return [
            (block.value["level"], block.value["text"], heading_anchor(block.value))
            for block in self.body
            if isinstance(block.block, HeadingBlock)
        ]

    @property
    def featured_services(self):
        return [link.service for link in self.service_links.all() if link.service and link.service.live]


class GlossaryEntryService(Orderable):
    entry = ParentalKey(GlossaryEntryPage, on_delete=models.CASCADE, related_name="service_links")
    service = models.ForeignKey(
        "services.ServicePage", verbose_name=_("offre"), on_delete=models.CASCADE, related_name="+"
    )

    panels = [PageChooserPanel("service")]

    class Meta(Orderable.Meta):
        verbose_name = _("offre mise en avant")
        verbose_name_plural = _("offres mises en avant")
