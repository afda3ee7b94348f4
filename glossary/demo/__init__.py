"""The glossary's demo content: the index, the seed entry built in code, and the entries of entries/ imported."""

import math
from datetime import timedelta
from pathlib import Path

from django.contrib.auth.models import Permission
from PIL import Image as PILImage
from PIL import ImageDraw

from agency_site.demo.loader import stream_blocks
from agency_site.demo.pictures import INK, PAPER, RED, demo_image, person, png_bytes
from agency_site.typography import french_typography
from services.models import ServicePage

from ..models import GlossaryCategory, GlossaryEntryPage, GlossaryIndexPage
from ..transfer.readers import read_markdown_folder
from ..transfer.upsert import import_rows
from . import seed_entry

# The demo entries are Markdown files read by the editors' importer; a file's name orders it, its slug names it.
ENTRIES_FOLDER = Path(__file__).resolve().parent / "entries"

CATEGORIES = [
    ("reseaux-sociaux", "Réseaux sociaux"),
    ("referencement", "Référencement"),
    ("marketing-digital", "Marketing digital"),
    ("mesure-et-donnees", "Mesure et données"),
    ("experience-utilisateur", "Expérience utilisateur"),
    ("strategie", "Stratégie et transformation"),
]

GLOSSARY_INDEX = {
    "title": "Glossaire",
    "slug": "glossaire",
    "seo_title": "Glossaire du marketing digital",
    "intro": (
        "Les termes du marketing digital et des réseaux sociaux, définis par l'équipe de 50A : une définition "
        "courte pour comprendre, un article pour approfondir."
    ),
}


def load(context):
    """Create the glossary index, the seed entry and the missing demo entries; never touch an existing entry."""
    glossary_index = context.child(
        context.home,
        GlossaryIndexPage,
        GLOSSARY_INDEX["slug"],
        title=GLOSSARY_INDEX["title"],
        seo_title=GLOSSARY_INDEX["seo_title"],
        intro=french_typography(GLOSSARY_INDEX["intro"]),
    )
    demo_categories(context)
    seed = seed_entry_page(context, glossary_index)
    demo_entries(context, glossary_index)
    if seed is not None:
        # The entries it relates to are imported after it, as they name it among their own related entries.
        entries = {entry.slug: entry for entry in GlossaryEntryPage.objects.child_of(glossary_index)}
        seed.set_related_entries([entries[slug] for slug in seed_entry.RELATED_SLUGS if slug in entries])
        seed.save_revision().publish()
    context.main_menu.append(glossary_index)
    context.editor_permissions.extend(
        [
            *Permission.objects.filter(content_type__app_label="glossary", codename__startswith="view_"),
            *Permission.objects.filter(
                content_type__app_label="glossary", codename__in=["add_glossarycategory", "change_glossarycategory"]
            ),
        ]
    )


def seed_entry_page(context, glossary_index):
    """The entry the site was built from, with its two illustrations and its numbered list; None if it exists."""
    if glossary_index.get_children().filter(slug=seed_entry.SLUG).exists():
        return None
    images = {
        "community-management": illustration(
            context, "community-management", seed_entry.FIRST_IMAGE_ALT, draw_community_management
        ),
        "community-manager-reactions": illustration(
            context, "community-manager-reactions", seed_entry.SECOND_IMAGE_ALT, draw_reactions
        ),
    }
    entry = GlossaryEntryPage(
        title=seed_entry.TITLE,
        slug=seed_entry.SLUG,
        short_definition=french_typography(seed_entry.SHORT_DEFINITION),
        synonyms="\n".join(seed_entry.SYNONYMS),
        search_variants="\n".join(seed_entry.SEARCH_VARIANTS),
        category=GlossaryCategory.objects.get(slug=seed_entry.CATEGORY_SLUG),
        body=stream_blocks(seed_entry.BODY, images),
        social_image=images["community-management"],
    )
    services = {service.slug: service for service in ServicePage.objects.filter(slug__in=seed_entry.SERVICE_SLUGS)}
    entry.set_services([services[slug] for slug in seed_entry.SERVICE_SLUGS])
    glossary_index.add_child(instance=entry)
    entry.save_revision().publish()
    context.note(f"page {entry.url_path}")
    return entry


def demo_categories(context):
    for slug, name in CATEGORIES:
        _category, created = GlossaryCategory.objects.get_or_create(slug=slug, defaults={"name": name})
        if created:
            context.note(f"catégorie {name}")


def demo_entries(context, glossary_index):
    """Import the entries of entries/ that are not in the glossary yet, as an editor's import would."""
    existing = set(GlossaryEntryPage.objects.child_of(glossary_index).values_list("slug", flat=True))
    # An entry already there may have been edited since: the import only ever creates.
    rows = [row for row in read_markdown_folder(ENTRIES_FOLDER) if row.values.get("slug") not in existing]
    report = import_rows(rows, index_page=glossary_index)
    for source, line, reason in report.errors:
        context.log(f"  ! {source}:{line}: {reason}")
    created = list(GlossaryEntryPage.objects.child_of(glossary_index).filter(slug__in=report.created))
    created.sort(key=lambda entry: report.created.index(entry.slug))
    for entry in created:
        context.note(f"page {entry.url_path}")
    backdate_before_the_seed(glossary_index, created)


def backdate_before_the_seed(glossary_index, entries):
    """Demo entries count as older content, so the home page's latest entries still open with the seed entry."""
    seed = GlossaryEntryPage.objects.child_of(glossary_index).filter(slug=seed_entry.SLUG).first()
    if seed is None or seed.first_published_at is None:
        return
    for position, entry in enumerate(reversed(entries), start=1):
        GlossaryEntryPage.objects.filter(pk=entry.pk).update(
            first_published_at=seed.first_published_at - timedelta(days=position)
        )


def illustration(context, key, title, draw):
    # The seed's alt text is the image's title; the collection tells editors these pictures are to be replaced.
    return demo_image(french_typography(title), f"{key}.png", draw(), context.note)


def heart(draw, x, y, size, colour):
    lobe = size / 2
    draw.ellipse((x - size, y - lobe, x, y + lobe), fill=colour)
    draw.ellipse((x, y - lobe, x + size, y + lobe), fill=colour)
    draw.polygon([(x - size + 2, y + lobe * 0.45), (x + size - 2, y + lobe * 0.45), (x, y + size * 1.25)], fill=colour)


def speech_bubble(draw, x, y, width, colour, dots):
    height = width * 0.62
    draw.rounded_rectangle(
        (x - width / 2, y - height / 2, x + width / 2, y + height / 2), radius=height / 3, fill=colour
    )
    draw.polygon(
        [(x - width / 4, y + height / 2 - 1), (x - width / 12, y + height / 2 - 1), (x - width / 3, y + height)],
        fill=colour,
    )
    for offset in (-width / 4, 0, width / 4):
        draw.ellipse((x + offset - 6, y - 6, x + offset + 6, y + 6), fill=dots)


def draw_community_management(size=(1200, 675)):
    """The community manager at the centre of a community: one ring of members, each linked to the centre."""
    image = PILImage.new("RGB", size, INK)
    draw = ImageDraw.Draw(image)
    cx, cy = size[0] // 2, size[1] // 2
    hub, member, ring_x, ring_y = 92, 42, 400, 235
    positions = [
        (cx + ring_x * math.cos(2 * math.pi * i / 10), cy + ring_y * math.sin(2 * math.pi * i / 10)) for i in range(10)
    ]
    # Links run along radii from the hub's edge to the member's edge: they never cross each other or a figure.
    for x, y in positions:
        dx, dy = x - cx, y - cy
        length = math.hypot(dx, dy)
        start, end = (hub + 14) / length, (length - member - 14) / length
        draw.line((cx + dx * start, cy + dy * start, cx + dx * end, cy + dy * end), fill=PAPER, width=4)
    for index, (x, y) in enumerate(positions):
        draw.ellipse((x - member, y - member, x + member, y + member), fill=PAPER)
        person(draw, x, y + 4, member * 1.35, RED if index % 3 == 0 else INK)
    draw.ellipse((cx - hub, cy - hub, cx + hub, cy + hub), fill=RED)
    person(draw, cx, cy + 10, hub * 1.35, PAPER)
    return png_bytes(image)


def draw_reactions(size=(1200, 675)):
    """A community manager drawing a community's reactions: likes and comments travel from the crowd to them."""
    image = PILImage.new("RGB", size, PAPER)
    draw = ImageDraw.Draw(image)
    manager_x, manager_y = 230, 390
    draw.ellipse((manager_x - 150, manager_y - 150, manager_x + 150, manager_y + 150), fill=INK)
    person(draw, manager_x, manager_y + 15, 210, PAPER)
    speech_bubble(draw, manager_x + 40, 150, 150, RED, PAPER)
    for row in range(3):
        for column in range(4):
            x, y = 760 + column * 120, 200 + row * 150
            person(draw, x, y, 100, INK if (row + column) % 3 else RED)
    # Reactions in three lanes between the crowd and the manager, spaced so that none touches another.
    for lane, y in enumerate((250, 380, 510)):
        for step, x in enumerate((450, 560, 670)):
            if (lane + step) % 2:
                speech_bubble(draw, x, y, 70, INK, PAPER)
            else:
                heart(draw, x, y - 8, 26, RED)
    return png_bytes(image)
