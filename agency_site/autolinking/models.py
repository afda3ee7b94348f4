"""The opt-in for auto-linked pages and the linked bodies stored beside them."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel


class AutoLinkedPage(models.Model):
    """A page whose body gets links to the registered terms, computed on publish and stored in AutoLinkedBody."""

    autolink_enabled = models.BooleanField(
        _("lier automatiquement les termes du glossaire"),
        default=True,
        help_text=_("Décocher pour afficher le contenu de cette page sans liens automatiques vers le glossaire."),
    )

    autolink_panels = [FieldPanel("autolink_enabled")]

    class Meta:
        abstract = True

    def linked_body_html(self, request=None):
        """The stored linked body of the live page, or None to render the StreamField (previews, switch off)."""
        if not self.autolink_enabled or getattr(request, "is_preview", False):
            return None
        stored = AutoLinkedBody.objects.filter(page_id=self.pk).values_list("html", flat=True).first()
        return stored or None


class AutoLinkedBody(models.Model):
    """A published page's body with term links inserted, kept beside the page, never in its StreamField."""

    page = models.OneToOneField("wagtailcore.Page", on_delete=models.CASCADE, related_name="autolinked_body")
    html = models.TextField()
    # The page's text folded, so terms published later find the pages that mention them.
    folded_text = models.TextField(default="")
    # "|12|40|": the term pages linked from this page, so renaming or unpublishing one re-links only these pages.
    linked_entries = models.TextField(default="|")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        # The table the glossary created first: moving the model to this app kept its rows where they were.
        db_table = "glossary_autolinkedbody"
        verbose_name = _("contenu lié au glossaire")
        verbose_name_plural = _("contenus liés au glossaire")

    def __str__(self):
        return f"{self.page_id}"
