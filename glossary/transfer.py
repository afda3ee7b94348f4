"""Glossary import (CSV, Markdown folder or its zip; dry run, upsert by slug; admin runs as tasks), CSV export."""

import csv
import io
import logging
import re
import time
import zipfile
import zlib
from dataclasses import asdict, dataclass, field
from pathlib import Path, PurePosixPath

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.html import escape, strip_tags
from django.utils.text import slugify
from django.utils.translation import gettext as _

from agency_site.autolinking.linking import relink_all, relinking_paused
from agency_site.blocks import HeadingBlock

from .models import (
    GlossaryCategory,
    GlossaryEntryPage,
    GlossaryImport,
    GlossaryIndexPage,
)

logger = logging.getLogger(__name__)

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
# A zip of a Markdown folder is read in memory: past these it is junk or a zip bomb.
ARCHIVE_MAX_MEMBERS = 5000
ARCHIVE_MAX_BYTES = 20 * 1024 * 1024
# An admin import writes its progress at most this often (seconds): the status page polls every second.
PROGRESS_WRITE_INTERVAL = 0.5


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

    def as_json(self):
        return asdict(self)

    @classmethod
    def from_json(cls, data):
        return cls(**{**data, "errors": [tuple(error) for error in data["errors"]]})

    def summary(self):
        # "Label : number" reads right whatever the count, where "1 créées" or "0 erreurs" would not. Errors, not
        # lines: one row may have several (an unknown related entry and an unknown offer).
        counts = {
            "created": len(self.created),
            "updated": len(self.updated),
            "skipped": len(self.skipped),
            "errors": len(self.errors),
        }
        if self.dry_run:
            return (
                _(
                    "Essai à blanc, rien n’a été enregistré. Seraient créées : %(created)d ; mises à jour : "
                    "%(updated)d ; inchangées : %(skipped)d. Erreurs : %(errors)d."
                )
                % counts
            )
        return (
            _("Créées : %(created)d ; mises à jour : %(updated)d ; inchangées : %(skipped)d. Erreurs : %(errors)d.")
            % counts
        )


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


def read_markdown_file(source, content):
    """The row of one Markdown entry file (bytes); an unreadable file becomes an error row."""
    try:
        metadata, body = parse_front_matter(content.decode("utf-8-sig"))
    except UnicodeDecodeError:
        return ImportRow(source=source, line=1, values={"__error__": _("fichier illisible : il n’est pas en UTF-8")})
    except ValueError as error:
        return ImportRow(source=source, line=1, values={"__error__": str(error)})
    metadata.setdefault("short_definition", metadata.pop("definition", ""))
    metadata.setdefault("slug", PurePosixPath(source).stem)
    return ImportRow(source=source, line=1, values={**metadata, "body": body.strip()})


def read_markdown_folder(folder):
    """One row per .md file of the folder and its subfolders, in path order, as the admin reads a zipped folder."""
    root = Path(folder)
    paths = (
        path
        for path in root.rglob("*.md")
        if path.is_file() and not any(part.startswith(".") for part in path.relative_to(root).parts)
    )
    for path in sorted(paths, key=lambda path: path.relative_to(root).as_posix()):
        yield read_markdown_file(path.relative_to(root).as_posix(), path.read_bytes())


class ArchiveError(ValueError):
    """A zip refused as a whole (corrupt, too many files, too big once unpacked); the reason is for editors."""


def is_markdown_member(member):
    parts = PurePosixPath(member.filename).parts
    hidden = any(part.startswith(".") or part == "__MACOSX" for part in parts)
    return not member.is_dir() and not hidden and member.filename.lower().endswith(".md")


def read_markdown_archive(file):
    """Rows of every .md file in a zip of a Markdown folder, at any depth, in path order, named by their path."""
    too_big = _("plus de %(size)d Mo une fois décompressée") % {"size": ARCHIVE_MAX_BYTES // 1024 // 1024}
    try:
        with zipfile.ZipFile(file) as archive:
            members = archive.infolist()
            if len(members) > ARCHIVE_MAX_MEMBERS:
                count = number_format(ARCHIVE_MAX_MEMBERS, force_grouping=True)
                raise ArchiveError(_("plus de %(count)s fichiers dans l’archive") % {"count": count})
            if sum(member.file_size for member in members) > ARCHIVE_MAX_BYTES:
                raise ArchiveError(too_big)
            rows = []
            budget = ARCHIVE_MAX_BYTES
            for member in sorted(filter(is_markdown_member, members), key=lambda member: member.filename):
                # Sizes in the archive's directory can lie: never unpack more than the budget left.
                with archive.open(member) as stream:
                    content = stream.read(budget + 1)
                budget -= len(content)
                if budget < 0:
                    raise ArchiveError(too_big)
                rows.append(read_markdown_file(member.filename, content))
    except ArchiveError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, OSError, EOFError, RuntimeError, ValueError) as error:
        # RuntimeError: an encrypted member; NotImplementedError (a RuntimeError): an unknown compression.
        raise ArchiveError(_("archive illisible ou corrompue")) from error
    if not rows:
        raise ArchiveError(_("aucun fichier .md dans l’archive"))
    return rows


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
    # Progress counts a step per row and pass: checked, saved, then (a real import) published.
    steps = len(rows) * (2 if dry_run else 3)
    for number, row in enumerate(rows, start=1):
        try:
            data = clean_row(row)
        except ValueError as error:
            report.error(row, str(error))
        else:
            cleaned.append((row, data))
            known_slugs.add(data["slug"])
        if progress:
            progress(number, steps)

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
                    report.error(row, save_failure_reason(error))
                else:
                    (report.updated if data["slug"] in existing else report.created).append(data["slug"])
                    existing[data["slug"]] = entry
                    imported.append((entry, data))
            if progress:
                progress(len(rows) + number, steps)
        for number, (entry, data) in enumerate(imported, start=1):
            related = [existing[slug] for slug in data["related"] if slug in existing]
            if related or entry.related_entry_links.exists():
                entry.set_related_entries(related)
            entry.save_revision(user=user).publish(user=user)
            if progress:
                progress(len(rows) * 2 + number, steps)
    if imported:
        relink_all()
    if progress:
        progress(steps, steps)
    return report


def rows_as_json(rows):
    return [asdict(row) for row in rows]


def run_stored_import(import_pk):
    """Run an import the admin stored, writing its progress and then its report on the record."""
    claimed = GlossaryImport.objects.filter(pk=import_pk, status=GlossaryImport.Status.PENDING).update(
        status=GlossaryImport.Status.RUNNING, started_at=timezone.now(), updated_at=timezone.now()
    )
    if not claimed:
        return  # A job delivered twice never runs an import twice.
    record = GlossaryImport.objects.select_related("created_by").get(pk=import_pk)
    rows = [ImportRow(**row) for row in record.rows]
    written_at = [0.0]

    def record_progress(done, steps):
        # import_rows counts a step per row and pass; editors read lines, so scale to the row count.
        now = time.monotonic()
        if done < steps and now - written_at[0] < PROGRESS_WRITE_INTERVAL:
            return
        written_at[0] = now
        GlossaryImport.objects.filter(pk=import_pk).update(
            processed=done * len(rows) // max(steps, 1), updated_at=timezone.now()
        )

    try:
        report = import_rows(rows, dry_run=record.dry_run, progress=record_progress, user=record.created_by)
    except Exception:
        logger.exception("Glossary import %s failed", import_pk)
        GlossaryImport.objects.filter(pk=import_pk).update(
            status=GlossaryImport.Status.FAILED,
            failure=_("erreur technique pendant l’import, consignée dans le journal du serveur"),
            finished_at=timezone.now(),
            updated_at=timezone.now(),
        )
        raise
    # The report is the history: the rows, up to megabytes of Markdown, are no longer needed.
    GlossaryImport.objects.filter(pk=import_pk).update(
        status=GlossaryImport.Status.DONE,
        processed=len(rows),
        report=report.as_json(),
        rows=[],
        finished_at=timezone.now(),
        updated_at=timezone.now(),
    )
    return report.summary()


def reset_interrupted_import(import_pk):
    """Put an interrupted import back in the queue's hands; False when it is not interrupted or its rows are gone."""
    return bool(
        GlossaryImport.objects.filter(
            pk=import_pk, status=GlossaryImport.Status.RUNNING, updated_at__lt=GlossaryImport.stalled_before()
        )
        .exclude(rows=[])
        .update(status=GlossaryImport.Status.PENDING, processed=0, started_at=None, updated_at=timezone.now())
    )


def save_failure_reason(error):
    """Why an entry could not be saved, in French: a validation's own messages, else a pointer to the log."""
    if isinstance(error, ValidationError):
        return " ; ".join(error.messages)
    logger.exception("Glossary import could not save an entry")
    return _("enregistrement impossible : erreur technique, consignée dans le journal du serveur")


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
    entry.set_services([services[slug] for slug in data["services"] if slug in services])
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
