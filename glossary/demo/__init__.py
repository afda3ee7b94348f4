"""The glossary's demo content: the index, the seed entry built in code, and the entries of entries/ imported."""

import io
import math
from datetime import timedelta
from pathlib import Path

from django.contrib.auth.models import Permission
from django.core.files.images import ImageFile
from PIL import Image as PILImage
from PIL import ImageDraw
from wagtail.images import get_image_model

from agency_site.demo.loader import stream_blocks
from agency_site.demo.typography import french_typography
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
            context, "community-management", seed_entry.FIRST_IMAGE_ALT, palette=("#14213d", "#c8102e", "#f5f3ef")
        ),
        "community-manager-reactions": illustration(
            context,
            "community-manager-reactions",
            seed_entry.SECOND_IMAGE_ALT,
            palette=("#f5f3ef", "#14213d", "#c8102e"),
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


def illustration(context, key, title, palette):
    Image = get_image_model()
    title = french_typography(title)
    image = Image.objects.filter(title=title).first()
    if image is not None:
        return image
    image = Image(title=title, file=ImageFile(io.BytesIO(draw_community(palette)), name=f"{key}.png"))
    image.save()
    context.note(f"image {title}")
    return image


def draw_community(palette, size=(1200, 675)):
    """A flat illustration: a community of people around a central speaker, linked by conversations."""
    background, primary, secondary = palette
    image = PILImage.new("RGB", size, background)
    draw = ImageDraw.Draw(image)
    cx, cy = size[0] // 2, size[1] // 2
    members = []
    for ring, (radius, count) in enumerate(((190, 8), (290, 12))):
        for i in range(count):
            angle = 2 * math.pi * i / count + ring * 0.3
            members.append((cx + int(radius * 1.45 * math.cos(angle)), cy + int(radius * math.sin(angle))))
    for x, y in members:
        draw.line((cx, cy, x, y), fill=secondary, width=3)
    for index, (x, y) in enumerate(members):
        colour = primary if index % 3 else secondary
        draw.ellipse((x - 22, y - 22, x + 22, y + 22), fill=colour)
        draw.ellipse((x - 9, y - 34, x + 9, y - 16), fill=background, outline=colour, width=4)
    draw.ellipse((cx - 70, cy - 70, cx + 70, cy + 70), fill=secondary)
    draw.ellipse((cx - 30, cy - 48, cx + 30, cy + 12), fill=primary)
    draw.pieslice((cx - 52, cy + 4, cx + 52, cy + 100), 180, 360, fill=primary)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
