"""Importing rows: each checked, then created or updated by slug; a bad row is reported and the others go on."""

import logging
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.signal_handlers import disable_reference_index_auto_update
from wagtail.tasks import update_reference_index_task

from agency_site.autolinking.linking import pages_to_relink, relink_pages, relinking_paused
from agency_site.pagecache.invalidation import one_bump_per_transaction
from services.models import ServicePage

from ..linking import GlossaryTermSource
from ..models import GlossaryCategory, GlossaryEntryPage, GlossaryIndexPage, refresh_planner_statistics
from .markdown import markdown_to_stream, stream_to_markdown
from .readers import split_list

logger = logging.getLogger(__name__)

DEFINITION_MAX_LENGTH = GlossaryEntryPage._meta.get_field("short_definition").max_length
# Rows saved, then published, per transaction; slugs per query when reading the entries the rows name.
ROWS_PER_TRANSACTION = 100
ROWS_PER_QUERY = 500


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


def truthy(value, default=True):
    if value in (None, ""):
        return default
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() in {"1", "oui", "vrai", "true", "yes", "o", "x"}


def text_value(values, column):
    """A one-text column of a row, stripped; a list (a front matter "- item") or a NUL byte is the editor's error."""
    value = values.get(column)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ValueError(_("la colonne « %(column)s » attend un texte, pas une liste") % {"column": column})
    check_readable(value, column)
    return value.strip()


def list_value(values, column):
    items = split_list(values.get(column))
    for item in items:
        check_readable(item, column)
    return items


def check_readable(value, column):
    if "\x00" in value:
        raise ValueError(_("la colonne « %(column)s » contient un caractère nul") % {"column": column})
    # What a CSV that is not UTF-8 decodes to: storing it would replace the editor's letters with « � ».
    if "\ufffd" in value:
        raise ValueError(
            _("la colonne « %(column)s » contient des caractères illisibles : le fichier n’est pas en UTF-8")
            % {"column": column}
        )


def clean_row(row):
    """The entry fields of a row, or raise ValueError with the reason in French."""
    values = row.values
    if "__error__" in values:
        raise ValueError(values["__error__"])
    title = text_value(values, "title")
    if not title:
        raise ValueError(_("le terme (colonne « title ») est vide"))
    slug = slugify(text_value(values, "slug") or title)
    if not slug:
        raise ValueError(_("identifiant (slug) impossible à déduire du terme"))
    definition = text_value(values, "short_definition")
    if len(definition) > DEFINITION_MAX_LENGTH:
        raise ValueError(
            _("la définition courte dépasse %(max)d caractères (%(length)d)")
            % {"max": DEFINITION_MAX_LENGTH, "length": len(definition)}
        )
    return {
        "slug": slug,
        "title": title,
        "short_definition": definition,
        "synonyms": "\n".join(list_value(values, "synonyms")),
        "search_variants": "\n".join(list_value(values, "search_variants")),
        "category": text_value(values, "category"),
        "related": [slugify(item) for item in list_value(values, "related")],
        "services": [slugify(item) for item in list_value(values, "services")],
        "seo_title": text_value(values, "seo_title"),
        "search_description": text_value(values, "search_description"),
        "autolink_term": truthy(text_value(values, "autolink_term")),
        "body": text_value(values, "body"),
    }


def entry_differs(entry, data):
    wanted_entry = GlossaryEntryPage(
        title=data["title"], synonyms=data["synonyms"], search_variants=data["search_variants"]
    )
    current = (
        entry.title,
        entry.short_definition,
        "\n".join(entry.synonym_list),
        "\n".join(entry.search_variant_list),
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
        "\n".join(wanted_entry.synonym_list),
        "\n".join(wanted_entry.search_variant_list),
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
    index_page = index_page or GlossaryIndexPage.objects.first()
    report = ImportReport(dry_run=dry_run)
    rows = list(rows)
    services = {service.slug: service for service in ServicePage.objects.all()}
    categories = {category.name.casefold(): category for category in GlossaryCategory.objects.all()}
    categories.update({category.slug: category for category in categories.values()})
    known_slugs = set(GlossaryEntryPage.objects.child_of(index_page).values_list("slug", flat=True))
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
    existing = entries_to_compare(index_page, [data["slug"] for _row, data in cleaned])
    created_slugs = set()
    imported = []
    # Wagtail would queue a reference index update at each of an entry's three saves: one per entry, at the end.
    with relinking_paused(), disable_reference_index_auto_update():
        for batch_start in range(0, len(cleaned), ROWS_PER_TRANSACTION):
            with import_transaction(dry_run):
                for number, (row, data) in enumerate(
                    cleaned[batch_start : batch_start + ROWS_PER_TRANSACTION], start=batch_start + 1
                ):
                    entry = save_row(row, data, existing, known_slugs, services, categories, index_page, user, report)
                    if entry is not None:
                        if data["slug"] not in existing:
                            created_slugs.add(data["slug"])
                        existing[data["slug"]] = entry
                        imported.append((entry, data))
                    if progress:
                        progress(len(rows) + number, steps)
        if created_slugs:
            refresh_planner_statistics()
        add_related_targets(existing, index_page, imported)
        for batch_start in range(0, len(imported), ROWS_PER_TRANSACTION):
            with import_transaction(dry_run):
                for number, (entry, data) in enumerate(
                    imported[batch_start : batch_start + ROWS_PER_TRANSACTION], start=batch_start + 1
                ):
                    related = [existing[slug] for slug in data["related"] if slug in existing]
                    if related or (data["slug"] not in created_slugs and entry.related_entry_links.exists()):
                        entry.set_related_entries(related)
                    # Saving the entry cleaned it, and set_related_entries changes no page field.
                    entry.save_revision(user=user, clean=False).publish(user=user)
                    update_reference_index_task.enqueue(entry._meta.app_label, entry._meta.model_name, str(entry.pk))
                    if progress:
                        progress(len(rows) * 2 + number, steps)
    if imported:
        relink_imported_entries([entry for entry, _data in imported])
    if progress:
        progress(steps, steps)
    return report


def save_row(row, data, existing, known_slugs, services, categories, index_page, user, report):
    """The row's entry saved (not yet published), or None when it is unchanged, a dry run, or could not be saved."""
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
        return None
    if report.dry_run:
        (report.updated if entry is not None else report.created).append(data["slug"])
        return None
    try:
        with transaction.atomic():
            saved = save_entry(index_page, entry, data, categories, services, user)
    except Exception as error:  # noqa: BLE001 - one bad row must not stop the import
        report.error(row, save_failure_reason(error))
        return None
    (report.updated if entry is not None else report.created).append(data["slug"])
    return saved


@contextmanager
def import_transaction(dry_run):
    """A batch of rows saved or published in one transaction: one commit and one content version change each.

    Each row keeps its own savepoint, so a row that fails is rolled back alone. A batch stays short enough for
    the progress written meanwhile to reach the status page within a few seconds.
    """
    if dry_run:
        yield
        return
    with transaction.atomic(), one_bump_per_transaction():
        yield


def entries_to_compare(index_page, slugs):
    """The existing entries the rows name, with what entry_differs reads, in a few queries whatever their number."""
    entries = {}
    for batch_start in range(0, len(slugs), ROWS_PER_QUERY):
        batch = (
            GlossaryEntryPage.objects.child_of(index_page)
            .filter(slug__in=slugs[batch_start : batch_start + ROWS_PER_QUERY])
            .select_related("category")
            .prefetch_related("related_entry_links__related", "service_links__service")
        )
        entries.update((entry.slug, entry) for entry in batch)
    return entries


def add_related_targets(existing, index_page, imported):
    """Add to `existing` the entries the imported rows associate but do not import, read in a few queries."""
    missing = sorted({slug for _entry, data in imported for slug in data["related"]} - set(existing))
    for batch_start in range(0, len(missing), ROWS_PER_QUERY):
        batch = GlossaryEntryPage.objects.child_of(index_page).filter(
            slug__in=missing[batch_start : batch_start + ROWS_PER_QUERY]
        )
        existing.update((entry.slug, entry) for entry in batch)


def relink_imported_entries(entries):
    """Link the imported entries, and re-link only the pages that mention their terms or link to them."""
    source = GlossaryTermSource()
    terms = {entry.pk: source.spellings(entry) for entry in entries}
    relink_pages(pages_to_relink(terms) | set(terms))


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
    entry.search_variants = data["search_variants"]
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
