"""StreamField blocks shared by glossary entries, service pages and plain pages."""

from django.core.exceptions import ValidationError
from django.forms.utils import ErrorList
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.images.blocks import ImageChooserBlock

RICH_TEXT_FEATURES = ["bold", "italic", "link", "document-link", "ol", "ul"]


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Titre"), max_length=200)
    level = blocks.ChoiceBlock(
        label=_("Niveau"),
        choices=[("h2", _("Titre de section (h2)")), ("h3", _("Sous-titre (h3)"))],
        default="h2",
    )
    anchor = blocks.CharBlock(
        label=_("Ancre"),
        required=False,
        max_length=80,
        help_text=_("Laisser vide : l’ancre est calculée à partir du titre."),
    )

    class Meta:
        icon = "title"
        label = _("Titre")
        template = "components/blocks/heading.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["anchor"] = heading_anchor(value)
        return context


def heading_anchor(value):
    """The stable id of a heading: the editor's anchor, or the slug of its text."""
    return slugify(value.get("anchor") or value["text"]) or "section"


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Image"))
    alt_text = blocks.CharBlock(
        label=_("Texte alternatif"),
        required=False,
        max_length=250,
        help_text=_("Décrit l’image pour qui ne la voit pas. Obligatoire sauf image décorative."),
    )
    decorative = blocks.BooleanBlock(
        label=_("Image décorative"),
        required=False,
        help_text=_("Cocher si l’image n’apporte aucune information (elle sera ignorée des lecteurs d’écran)."),
    )
    caption = blocks.CharBlock(label=_("Légende"), required=False, max_length=250)

    class Meta:
        icon = "image"
        label = _("Image")
        template = "components/blocks/image.html"

    def clean(self, value):
        value = super().clean(value)
        if not value.get("decorative") and not (value.get("alt_text") or "").strip():
            raise StructBlockValidationError(
                block_errors={
                    "alt_text": ErrorList(
                        [ValidationError(_("Saisissez un texte alternatif ou cochez « Image décorative »."))]
                    )
                }
            )
        return value


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(label=_("Citation"))
    attribution = blocks.CharBlock(label=_("Auteur ou source"), required=False, max_length=200)

    class Meta:
        icon = "openquote"
        label = _("Citation")
        template = "components/blocks/quote.html"


class BodyStreamBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        label=_("Paragraphe"),
        features=RICH_TEXT_FEATURES,
        template="components/blocks/paragraph.html",
    )
    image = ImageBlock()
    quote = QuoteBlock()

    class Meta:
        label = _("Contenu")


class LegalNoticeBlock(blocks.StaticBlock):
    """The publisher's and the host's identity, as LCEN article 6 III asks: read from the agency's settings."""

    class Meta:
        icon = "doc-full"
        label = _("Mentions légales (Paramètres › Coordonnées de l’agence)")
        admin_text = _(
            "Affiche l’éditeur et l’hébergeur du site tels que saisis dans Paramètres › Coordonnées de l’agence."
        )
        template = "components/blocks/legal_notice.html"


class StandardPageStreamBlock(BodyStreamBlock):
    legal_notice = LegalNoticeBlock()
