"""Site-wide models: the base page, the home page, plain pages and the editable site settings."""

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, Site
from wagtail.search import index

from .autolinking.models import AutoLinkedBody, AutoLinkedPage  # noqa: F401  (models of this app)
from .blocks import StandardPageStreamBlock
from .pagecache.entries import cached_for_content_version, version_memo


class BasePage(Page):
    """What every public page shares: SEO fields, a listing summary and a social image."""

    listing_summary = models.TextField(
        _("résumé pour les listes"),
        blank=True,
        max_length=300,
        help_text=_("Une ou deux phrases reprises dans les listes et les aperçus."),
    )
    social_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image de partage"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Image montrée quand la page est partagée sur les réseaux sociaux (1200 × 630 px idéalement)."),
    )

    promote_panels = [
        MultiFieldPanel(
            [
                FieldPanel("slug"),
                FieldPanel("seo_title"),
                FieldPanel("search_description"),
                FieldPanel("show_in_menus"),
            ],
            heading=_("Pour les moteurs de recherche"),
        ),
        MultiFieldPanel(
            [FieldPanel("listing_summary"), FieldPanel("social_image")],
            heading=_("Aperçus et partage"),
        ),
    ]

    search_fields = [*Page.search_fields, index.SearchField("listing_summary")]

    # The pages whose JSON-LD describes the agency itself (address, phone) set this to True.
    presents_the_agency = False

    class Meta:
        abstract = True

    @property
    def meta_title(self):
        return self.seo_title or self.title

    @property
    def meta_description(self):
        return self.search_description or self.listing_summary

    @cached_property
    def breadcrumb_ancestors(self):
        """The home page and the sections above this page, read once per request by the breadcrumbs and JSON-LD."""
        if self.depth <= 2:
            return []
        ancestors = self.get_ancestors().filter(depth__gte=2).specific(defer=True)
        if not self.path or self.pk is None:
            return list(ancestors)
        # Every page under one parent has the same ancestors: read once per content version and process.
        return list(version_memo.get(f"ancestors:{self.path[: -self.steplen]}", lambda: tuple(ancestors)))


class HomePage(BasePage):
    hero_title = models.CharField(_("accroche"), max_length=160)
    hero_text = RichTextField(_("promesse"), features=["bold", "italic", "link"])
    glossary_intro = models.TextField(_("introduction du glossaire"), blank=True)
    services_intro = models.TextField(_("introduction des offres"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("hero_title"),
        FieldPanel("hero_text"),
        FieldPanel("services_intro"),
        FieldPanel("glossary_intro"),
    ]

    parent_page_types = ["wagtailcore.Page"]
    max_count = 1
    presents_the_agency = True

    class Meta:
        verbose_name = _("page d’accueil")
        verbose_name_plural = _("pages d’accueil")


class StandardPage(BasePage):
    """A plain editable page: privacy policy, legal notice, about."""

    intro = models.TextField(_("introduction"), blank=True)
    body = StreamField(StandardPageStreamBlock(), verbose_name=_("contenu"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*BasePage.search_fields, index.SearchField("intro"), index.SearchField("body")]

    parent_page_types = ["agency_site.HomePage", "agency_site.StandardPage"]
    subpage_types = ["agency_site.StandardPage"]

    class Meta:
        verbose_name = _("page simple")
        verbose_name_plural = _("pages simples")


def validate_recipient_list(value):
    for address in split_addresses(value):
        try:
            validate_email(address)
        except ValidationError as error:
            raise ValidationError(
                _("« %(address)s » n’est pas une adresse e-mail valide."), params={"address": address}
            ) from error


def validate_profile_urls(value):
    check = URLValidator(schemes=["https"])
    for line in (value or "").splitlines():
        if line.strip():
            try:
                check(line.strip())
            except ValidationError as error:
                raise ValidationError(
                    _("« %(url)s » n’est pas une adresse https valide."), params={"url": line.strip()}
                ) from error


def split_addresses(value):
    return [part.strip() for part in (value or "").replace(";", ",").replace("\n", ",").split(",") if part.strip()]


LEGAL_PUBLISHER_FIELDS = (
    "legal_name",
    "legal_form",
    "share_capital",
    "registered_office",
    "registration_number",
    "vat_number",
    "publication_director",
)
LEGAL_HOST_FIELDS = ("host_name", "host_address", "host_phone")


@register_setting(icon="site")
class AgencySettings(BaseSiteSetting):
    """The agency's contact details, shown in every page's contact block, and who receives leads."""

    name = models.CharField(_("nom de l’agence"), max_length=100, default="50A")
    block_title = models.CharField(_("titre du bloc contact"), max_length=100, default="Nous contacter")
    block_subtitle = models.CharField(
        _("sous-titre du bloc contact"), max_length=150, default="Venez à l’agence de Paris", blank=True
    )
    street_address = models.CharField(_("adresse"), max_length=200, blank=True)
    postcode = models.CharField(_("code postal"), max_length=10, blank=True)
    city = models.CharField(_("ville"), max_length=100, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("téléphone"), max_length=30, blank=True)
    map_url = models.URLField(_("lien vers la carte"), blank=True, max_length=500)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    description = models.TextField(
        _("présentation de l’agence"),
        max_length=300,
        blank=True,
        default=(
            "50A, agence digitale à Paris\u00a0: communication digitale, social media, marketing digital et "
            "transformation digitale, co-construits avec vous."
        ),
        help_text=_("Une ou deux phrases reprises par les moteurs de recherche quand une page n’a pas de description."),
    )
    social_profiles = models.TextField(
        _("profils sur les réseaux sociaux"),
        blank=True,
        validators=[validate_profile_urls],
        help_text=_("Adresses des pages de l’agence (LinkedIn, Instagram…), une par ligne."),
    )
    map_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("plan d’accès"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "Capture du plan montrée dans le bloc contact et liée à la carte en ligne ; servie par le site, "
            "elle n’appelle aucun service tiers (1200 × 600 px idéalement)."
        ),
    )
    # What LCEN article 6 III requires of a company's site, shown on the legal notice page.
    legal_name = models.CharField(_("dénomination sociale"), max_length=150, blank=True)
    legal_form = models.CharField(_("forme juridique"), max_length=100, blank=True, help_text=_("SAS, SARL…"))
    share_capital = models.CharField(
        _("capital social"), max_length=50, blank=True, help_text=_("Par exemple : 10 000 €.")
    )
    registered_office = models.CharField(_("siège social"), max_length=250, blank=True)
    registration_number = models.CharField(
        _("immatriculation (RCS / SIREN)"),
        max_length=100,
        blank=True,
        help_text=_("Par exemple : RCS Paris 123 456 789."),
    )
    vat_number = models.CharField(_("numéro de TVA intracommunautaire"), max_length=20, blank=True)
    publication_director = models.CharField(_("directeur ou directrice de la publication"), max_length=150, blank=True)
    host_name = models.CharField(_("hébergeur : nom ou dénomination"), max_length=150, blank=True)
    host_address = models.CharField(_("hébergeur : adresse"), max_length=250, blank=True)
    host_phone = models.CharField(_("hébergeur : téléphone"), max_length=30, blank=True)
    notification_recipients = models.TextField(
        _("destinataires des demandes de contact"),
        blank=True,
        validators=[validate_recipient_list],
        help_text=_("Adresses e-mail séparées par des virgules. Chaque demande leur est envoyée en un seul message."),
    )

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("name"),
                FieldPanel("description"),
                FieldPanel("block_title"),
                FieldPanel("block_subtitle"),
                FieldPanel("social_profiles"),
            ],
            heading=_("Agence"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("street_address"),
                FieldPanel("postcode"),
                FieldPanel("city"),
                FieldPanel("map_url"),
                FieldPanel("map_image"),
                FieldPanel("latitude"),
                FieldPanel("longitude"),
            ],
            heading=_("Adresse"),
        ),
        MultiFieldPanel([FieldPanel("email"), FieldPanel("phone")], heading=_("Coordonnées")),
        MultiFieldPanel(
            [FieldPanel(name) for name in LEGAL_PUBLISHER_FIELDS],
            heading=_("Mentions légales : éditeur du site"),
        ),
        MultiFieldPanel([FieldPanel(name) for name in LEGAL_HOST_FIELDS], heading=_("Mentions légales : hébergeur")),
        FieldPanel("notification_recipients"),
    ]

    class Meta:
        verbose_name = _("coordonnées de l’agence")

    @classmethod
    def for_request(cls, request):
        """The request's site settings, shown on every page: kept until the content changes (agency_site/pagecache/)."""
        attr_name = cls.get_cache_attr_name()
        site = None if hasattr(request, attr_name) else Site.find_for_request(request)
        if site is None:
            return super().for_request(request)
        site_settings = cached_for_content_version("agency-settings", site, lambda: cls.for_site(site))
        # As Wagtail does: later lookups in this request get the same instance.
        site_settings._request = request
        setattr(request, attr_name, site_settings)
        return site_settings

    @property
    def phone_uri(self):
        digits = "".join(ch for ch in self.phone if ch.isdigit() or ch == "+")
        if digits.startswith("0"):
            digits = "+33" + digits[1:]
        return f"tel:{digits}"

    @property
    def legal_notice(self):
        """(label, value) of every legal notice field, in the order the law lists them; value is "" when empty."""
        return [
            (self._meta.get_field(name).verbose_name, getattr(self, name))
            for name in (*LEGAL_PUBLISHER_FIELDS, *LEGAL_HOST_FIELDS)
        ]

    @property
    def missing_legal_notice(self):
        return [label for label, value in self.legal_notice if not value.strip()]

    @property
    def recipients(self):
        return split_addresses(self.notification_recipients)

    @property
    def profile_urls(self):
        return [line.strip() for line in self.social_profiles.splitlines() if line.strip()]


class MenuLinkBlock(blocks.StructBlock):
    label = blocks.CharBlock(
        label=_("Libellé"), max_length=60, required=False, help_text=_("Laisser vide : titre de la page.")
    )
    page = blocks.PageChooserBlock(label=_("Page"), required=False)
    url = blocks.URLBlock(label=_("Ou adresse externe"), required=False)

    class Meta:
        icon = "link"
        label = _("Lien")

    def clean(self, value):
        value = super().clean(value)
        if not value.get("page") and not value.get("url"):
            raise ValidationError(_("Choisissez une page ou saisissez une adresse."))
        if value.get("url") and not value.get("label"):
            raise ValidationError(_("Un lien externe a besoin d’un libellé."))
        return value


@register_setting(icon="list-ul")
class NavigationSettings(BaseSiteSetting):
    """The main menu and the footer links, edited by editors in the admin."""

    main_menu = StreamField([("link", MenuLinkBlock())], verbose_name=_("menu principal"), blank=True)
    footer_links = StreamField([("link", MenuLinkBlock())], verbose_name=_("liens du pied de page"), blank=True)

    panels = [FieldPanel("main_menu"), FieldPanel("footer_links")]

    class Meta:
        verbose_name = _("navigation")

    def resolve(self, field_name):
        """The links of a menu as (label, url, page id) tuples, skipping unpublished pages."""
        links = []
        for block in getattr(self, field_name):
            page = block.value.get("page")
            if page is not None:
                page = page.specific_deferred if hasattr(page, "specific_deferred") else page
                if not page.live:
                    continue
                links.append((block.value.get("label") or page.title, page.url, page.pk))
            elif block.value.get("url"):
                links.append((block.value["label"], block.value["url"], None))
        return links
