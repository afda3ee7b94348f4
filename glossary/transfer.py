"""Import of glossary entries from CSV or a Markdown folder (dry run, upsert by slug) and export to CSV."""

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils.html import escape, strip_tags
from django.utils.text import slugify
from django.utils.translation import gettext as _

from agency_site.blocks import HeadingBlock

from .models import (
    GlossaryCategory,
    GlossaryEntryPage,
    GlossaryEntryService,
    GlossaryIndexPage,
    GlossaryRelatedEntry,
)
from .signals import relinking_paused

COLUMNS = [
    "slug",
    "title",
    "short_definition",
    "synonyms",
    "category",
    "related",
    "services",
    "seo_title",
    "search_description",
    "autolink_term",
    "body",
]
LIST_SEPARATOR = "|"
# A spreadsheet runs a cell starting with one of these as a formula (OWASP "CSV injection").
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
DEFINITION_MAX_LENGTH = GlossaryEntryPage._meta.get_field("short_definition").max_length
FRONT_MATTER = re.compile(r"\A---\s*\n(.*?)\n---\s*(?:\n|\Z)", re.DOTALL)


@dataclass
class ImportRow:
    source: str
    line: int
    values: dict


@dataclass
class ImportReport:
    dry_run: bool
    created: list = field(default_factory=list)
    updated: list = field(default_factory=list)
    skipped: list = field(default_factory=list)
    errors: list = field(default_factory=list)

    def error(self, row, reason):
        self.errors.append((row.source, row.line, reason))

    def summary(self):
        verb = _("seraient") if self.dry_run else _("ont été")
        return _(
            "%(created)d créées, %(updated)d mises à jour, %(skipped)d inchangées %(verb)s traitées ; %(errors)d erreurs."
        ) % {
            "created": len(self.created),
            "updated": len(self.updated),
            "skipped": len(self.skipped),
            "verb": verb,
            "errors": len(self.errors),
        }


# Reading -----------------------------------------------------------------------------------------------


def split_list(value):
    if isinstance(value, list):
        return [str(item).strip() for item in value if str(item).strip()]
    parts = re.split(r"\s*[|;\n]\s*", value or "")
    return [part.strip() for part in parts if part.strip()]


def read_csv(text, source="import.csv"):
    """Rows of a CSV export (comma or semicolon separated), numbered by their line in the file."""
    text = text.lstrip("\ufeff")
    header = text.split("\n", 1)[0]
    # French spreadsheets save with semicolons; csv.Sniffer would also guess quoting rules wrong from one line.
    delimiter = ";" if header.count(";") > header.count(",") else ","
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    record_end = 1
    for values in reader:
        # A quoted cell may span lines: a row is reported at the line where it starts.
        record_start, record_end = record_end + 1, reader.line_num
        cleaned = {key.strip(): restore_neutralised(value) for key, value in values.items() if key}
        yield ImportRow(source=source, line=record_start, values=cleaned)


def restore_neutralised(value):
    """Undo neutralise_formula, so an exported file imports back unchanged."""
    if isinstance(value, str) and len(value) > 1 and value[0] == "'" and value[1:].startswith(FORMULA_TRIGGERS):
        return value[1:]
    return value


def parse_front_matter(text):
    """(metadata, body) of a Markdown file with a simple YAML front matter: "key: value" and "- item" lists."""
    match = FRONT_MATTER.match(text)
    if match is None:
        raise ValueError(_("en-tête « --- » manquant"))
    metadata = {}
    current_list = None
    for raw_line in match.group(1).splitlines():
        if not raw_line.strip() or raw_line.lstrip().startswith("#"):
            continue
        if raw_line.lstrip().startswith("- ") and current_list is not None:
            metadata[current_list].append(unquote(raw_line.lstrip()[2:]))
            continue
        key, separator, value = raw_line.partition(":")
        if not separator:
            raise ValueError(_("ligne d’en-tête illisible : %(line)s") % {"line": raw_line.strip()})
        key, value = key.strip(), value.strip()
        if value.startswith("[") and value.endswith("]"):
            metadata[key] = [unquote(item) for item in value[1:-1].split(",") if item.strip()]
            current_list = None
        elif value == "":
            metadata[key] = []
            current_list = key
        else:
            metadata[key] = unquote(value)
            current_list = None
    return metadata, text[match.end() :]


def unquote(value):
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1]
    return value


def read_markdown_folder(folder):
    """One row per .md file of the folder, in name order; unreadable files become error rows."""
    for path in sorted(Path(folder).glob("*.md")):
        try:
            metadata, body = parse_front_matter(path.read_text(encoding="utf-8"))
        except (ValueError, UnicodeDecodeError) as error:
            yield ImportRow(source=path.name, line=1, values={"__error__": str(error)})
            continue
        values = {key: value for key, value in metadata.items()}
        values.setdefault("short_definition", values.pop("definition", ""))
        values["body"] = body.strip()
        values.setdefault("slug", path.stem)
        yield ImportRow(source=path.name, line=1, values=values)


def markdown_to_stream(text):
    """StreamField data from the small Markdown the export writes: "## " and "### " headings, "> " quotes, paragraphs."""
    blocks = []
    for chunk in re.split(r"\n\s*\n", (text or "").strip()):
        chunk = chunk.strip()
        if not chunk:
            continue
        if chunk.startswith("### "):
            blocks.append({"type": "heading", "value": {"text": chunk[4:].strip(), "level": "h3", "anchor": ""}})
        elif chunk.startswith("## "):
            blocks.append({"type": "heading", "value": {"text": chunk[3:].strip(), "level": "h2", "anchor": ""}})
        elif chunk.startswith("> "):
            quote = "\n".join(line.lstrip("> ").rstrip() for line in chunk.splitlines())
            blocks.append({"type": "quote", "value": {"quote": quote, "attribution": ""}})
        else:
            paragraph = " ".join(line.strip() for line in chunk.splitlines())
            blocks.append({"type": "paragraph", "value": f"<p>{escape(paragraph)}</p>"})
    return blocks


def stream_to_markdown(body):
    chunks = []
    for block in body:
        if isinstance(block.block, HeadingBlock):
            chunks.append(("### " if block.value["level"] == "h3" else "## ") + block.value["text"])
        elif block.block_type == "paragraph":
            html = block.value.source if hasattr(block.value, "source") else str(block.value)
            html = re.sub(r"</(p|li|h\d)>", "\n", html)
            text = "\n".join(line.strip() for line in strip_tags(html).splitlines() if line.strip())
            if text:
                chunks.append(text)
        elif block.block_type == "quote":
            chunks.append("\n".join("> " + line for line in block.value["quote"].splitlines()))
    return "\n\n".join(chunks)


# Importing ---------------------------------------------------------------------------------------------


def truthy(value, default=True):
    if value in (None, ""):
        return default
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() in {"1", "oui", "vrai", "true", "yes", "o", "x"}


def clean_row(row):
    """The entry fields of a row, or raise ValueError with the reason in French."""
    values = row.values
    if "__error__" in values:
        raise ValueError(values["__error__"])
    title = (values.get("title") or "").strip()
    if not title:
        raise ValueError(_("le terme (colonne « title ») est vide"))
    slug = slugify(values.get("slug") or title)
    if not slug:
        raise ValueError(_("identifiant (slug) impossible à déduire du terme"))
    definition = (values.get("short_definition") or "").strip()
    if len(definition) > DEFINITION_MAX_LENGTH:
        raise ValueError(
            _("la définition courte dépasse %(max)d caractères (%(length)d)")
            % {"max": DEFINITION_MAX_LENGTH, "length": len(definition)}
        )
    return {
        "slug": slug,
        "title": title,
        "short_definition": definition,
        "synonyms": "\n".join(split_list(values.get("synonyms"))),
        "category": (values.get("category") or "").strip(),
        "related": [slugify(item) for item in split_list(values.get("related"))],
        "services": [slugify(item) for item in split_list(values.get("services"))],
        "seo_title": (values.get("seo_title") or "").strip(),
        "search_description": (values.get("search_description") or "").strip(),
        "autolink_term": truthy(values.get("autolink_term")),
        "body": values.get("body") or "",
    }


def entry_differs(entry, data):
    current = (
        entry.title,
        entry.short_definition,
        "\n".join(entry.synonym_list),
        entry.category.name if entry.category else "",
        entry.seo_title,
        entry.search_description,
        entry.autolink_term,
        sorted(link.related.slug for link in entry.related_entry_links.all()),
        sorted(link.service.slug for link in entry.service_links.all()),
    )
    wanted = (
        data["title"],
        data["short_definition"],
        "\n".join(GlossaryEntryPage(title=data["title"], synonyms=data["synonyms"]).synonym_list),
        data["category"] or (entry.category.name if entry.category else ""),
        data["seo_title"],
        data["search_description"],
        data["autolink_term"],
        sorted(data["related"]),
        sorted(data["services"]),
    )
    body_changed = bool(data["body"].strip()) and data["body"].strip() != stream_to_markdown(entry.body).strip()
    return current != wanted or body_changed


def import_rows(rows, index_page=None, dry_run=False, progress=None, user=None):
    """Create or update (by slug) one entry per row; a bad row is reported and the others go on."""
    from services.models import ServicePage

    index_page = index_page or GlossaryIndexPage.objects.first()
    report = ImportReport(dry_run=dry_run)
    rows = list(rows)
    existing = {entry.slug: entry for entry in GlossaryEntryPage.objects.child_of(index_page)}
    services = {service.slug: service for service in ServicePage.objects.all()}
    categories = {category.name.casefold(): category for category in GlossaryCategory.objects.all()}
    categories.update({category.slug: category for category in categories.values()})
    known_slugs = set(existing)
    cleaned = []
    for number, row in enumerate(rows, start=1):
        try:
            data = clean_row(row)
        except ValueError as error:
            report.error(row, str(error))
        else:
            cleaned.append((row, data))
            known_slugs.add(data["slug"])
        if progress:
            progress(number, len(rows) * 2)

    imported = []
    with relinking_paused():
        for number, (row, data) in enumerate(cleaned, start=1):
            for slug in data["related"]:
                if slug not in known_slugs:
                    report.error(row, _("terme associé inconnu : %(slug)s") % {"slug": slug})
            for slug in data["services"]:
                if slug not in services:
                    report.error(row, _("offre inconnue : %(slug)s") % {"slug": slug})
            data["related"] = [slug for slug in data["related"] if slug in known_slugs]
            data["services"] = [slug for slug in data["services"] if slug in services]
            entry = existing.get(data["slug"])
            if entry is not None and not entry_differs(entry, data):
                report.skipped.append(data["slug"])
            elif dry_run:
                (report.updated if entry is not None else report.created).append(data["slug"])
            else:
                try:
                    with transaction.atomic():
                        entry = save_entry(index_page, entry, data, categories, services, user)
                except Exception as error:  # noqa: BLE001 - one bad row must not stop the import
                    report.error(row, str(error))
                else:
                    (report.updated if data["slug"] in existing else report.created).append(data["slug"])
                    existing[data["slug"]] = entry
                    imported.append((entry, data))
            if progress:
                progress(len(rows) + number, len(rows) * 2)
        for entry, data in imported:
            related = [existing[slug] for slug in data["related"] if slug in existing]
            links = [GlossaryRelatedEntry(related=page, sort_order=position) for position, page in enumerate(related)]
            if links or entry.related_entry_links.exists():
                entry.related_entry_links.set(links)
            entry.save_revision(user=user).publish(user=user)
    if imported:
        from .linking import relink_all

        relink_all()
    if progress:
        progress(len(rows) * 2, len(rows) * 2)
    return report


def save_entry(index_page, entry, data, categories, services, user):
    category = None
    if data["category"]:
        category = categories.get(data["category"].casefold()) or categories.get(slugify(data["category"]))
        if category is None:
            category = GlossaryCategory.objects.create(name=data["category"], slug=slugify(data["category"]))
            categories[category.name.casefold()] = categories[category.slug] = category
    creating = entry is None
    if creating:
        entry = GlossaryEntryPage(slug=data["slug"])
    entry.title = data["title"]
    entry.short_definition = data["short_definition"]
    entry.synonyms = data["synonyms"]
    entry.category = category or entry.category
    entry.seo_title = data["seo_title"]
    entry.search_description = data["search_description"]
    entry.autolink_term = data["autolink_term"]
    if data["body"].strip():
        entry.body = markdown_to_stream(data["body"])
    chosen = [services[slug] for slug in data["services"] if slug in services]
    entry.service_links.set(
        [GlossaryEntryService(service=service, sort_order=position) for position, service in enumerate(chosen)]
    )
    if creating:
        index_page.add_child(instance=entry)
    else:
        entry.save()
    return entry


# Exporting ---------------------------------------------------------------------------------------------


def neutralise_formula(value):
    """A cell a spreadsheet will show as text, never run: formula triggers get a leading apostrophe."""
    value = "" if value is None else str(value)
    if value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def export_rows(index_page=None):
    entries = GlossaryEntryPage.objects.order_by("path").select_related("category")
    if index_page is not None:
        entries = entries.child_of(index_page)
    entries = entries.prefetch_related("related_entry_links__related", "service_links__service")
    for entry in entries:
        yield {
            "slug": entry.slug,
            "title": entry.title,
            "short_definition": entry.short_definition,
            "synonyms": f" {LIST_SEPARATOR} ".join(entry.synonym_list),
            "category": entry.category.name if entry.category else "",
            "related": f" {LIST_SEPARATOR} ".join(link.related.slug for link in entry.related_entry_links.all()),
            "services": f" {LIST_SEPARATOR} ".join(link.service.slug for link in entry.service_links.all()),
            "seo_title": entry.seo_title,
            "search_description": entry.search_description,
            "autolink_term": "oui" if entry.autolink_term else "non",
            "body": stream_to_markdown(entry.body),
        }


def write_csv(output, index_page=None):
    writer = csv.DictWriter(output, fieldnames=COLUMNS)
    writer.writeheader()
    count = 0
    for row in export_rows(index_page):
        writer.writerow({key: neutralise_formula(value) for key, value in row.items()})
        count += 1
    return count
