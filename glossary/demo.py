"""Loads the demo glossary (categories, entries, their links) without touching what editors already changed."""

from datetime import timedelta

from agency_site.demo import seed_entry
from agency_site.demo.builder import stream_blocks
from agency_site.typography import french_typography

from . import demo_entries, signals
from .linking import relink_all
from .models import GlossaryCategory, GlossaryEntryPage


def backdate_before_the_seed(glossary_index, entries):
    """Demo entries count as older content, so the home page's latest entries still open with the seed entry."""
    seed = GlossaryEntryPage.objects.child_of(glossary_index).filter(slug=seed_entry.SLUG).first()
    if seed is None or seed.first_published_at is None:
        return
    for position, entry in enumerate(reversed(entries), start=1):
        GlossaryEntryPage.objects.filter(pk=entry.pk).update(
            first_published_at=seed.first_published_at - timedelta(days=position)
        )


def build_demo_glossary(glossary_index, services, note):
    """Create the missing demo entries under glossary_index, then re-link every page once."""
    categories = {}
    for slug, name in demo_entries.CATEGORIES:
        categories[slug], created = GlossaryCategory.objects.get_or_create(slug=slug, defaults={"name": name})
        if created:
            note(f"catégorie {name}")

    existing = {page.slug: page for page in GlossaryEntryPage.objects.child_of(glossary_index)}
    created = []
    # One re-linking pass at the end instead of one per published entry.
    with signals.relinking_paused():
        for spec in demo_entries.ENTRIES:
            if spec["slug"] in existing:
                continue
            entry = GlossaryEntryPage(
                title=french_typography(spec["title"]).replace("\u00a0", " "),
                slug=spec["slug"],
                short_definition=french_typography(spec["definition"]),
                synonyms="\n".join(french_typography(synonym) for synonym in spec["synonyms"]),
                category=categories[spec["category"]],
                body=stream_blocks(spec["body"]),
            )
            entry.set_services([services[slug] for slug in spec["services"]])
            glossary_index.add_child(instance=entry)
            existing[spec["slug"]] = entry
            created.append((entry, spec))
        for entry, spec in created:
            entry.set_related_entries([existing[slug] for slug in spec["related"] if slug in existing])
            entry.save_revision().publish()
            note(f"page {entry.url_path}")
    backdate_before_the_seed(glossary_index, [entry for entry, _spec in created])
    relink_all()
    return [entry for entry, _spec in created]
