"""Template tags that list glossary entries on pages of other apps (the home page)."""

from django import template

from glossary.models import GlossaryEntryPage, GlossaryIndexPage

register = template.Library()


@register.simple_tag
def glossary_index_under(page):
    """The live glossary index right under `page`, or None."""
    return GlossaryIndexPage.objects.child_of(page).live().first()


@register.simple_tag
def latest_entries_under(page, count=6):
    """The `count` entries published last under `page`, public ones only."""
    return GlossaryEntryPage.objects.live().public().descendant_of(page).order_by("-first_published_at")[:count]
