"""Template tags that list the offers on pages of other apps (the home page)."""

from django import template

from services.models import ServiceIndexPage, ServicePage

register = template.Library()


@register.simple_tag
def offers_index(page):
    """The live offers index right under `page`, or None."""
    return ServiceIndexPage.objects.child_of(page).live().first()


@register.simple_tag
def offers_under(page):
    """The live public offers under `page`, in the tree's order."""
    return ServicePage.objects.live().public().descendant_of(page).order_by("path")
