"""manage.py import_glossary: create or update entries from a CSV file or a folder of Markdown files."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from glossary.transfer.readers import read_csv, read_markdown_folder
from glossary.transfer.upsert import import_rows


def progress_bar(stream, width=30):
    def show(done, total):
        filled = int(width * done / total) if total else width
        stream.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done * 100 // max(total, 1):3d} %")
        if done >= total:
            stream.write("\n")
        stream.flush()

    return show


class Command(BaseCommand):
    help = "Import glossary entries from a CSV file or a folder of Markdown files (one per entry, front matter)."

    def add_arguments(self, parser):
        parser.add_argument("source", help="a .csv file or a folder of .md files")
        parser.add_argument("--dry-run", action="store_true", help="report what would change, change nothing")
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")

    def handle(self, source, dry_run, no_progress, **options):
        path = Path(source)
        if path.is_dir():
            rows = read_markdown_folder(path)
        elif path.is_file():
            rows = read_csv(path.read_text(encoding="utf-8-sig"), source=path.name)
        else:
            raise CommandError(f"{source}: no such file or folder")
        progress = None if no_progress else progress_bar(sys.stderr)
        report = import_rows(rows, dry_run=dry_run, progress=progress)
        for label, slugs in (("créée", report.created), ("mise à jour", report.updated), ("inchangée", report.skipped)):
            for slug in slugs:
                self.stdout.write(f"{'[essai] ' if dry_run else ''}{label} : {slug}")
        for source_name, line, reason in report.errors:
            self.stderr.write(f"{source_name}:{line}: {reason}")
        self.stdout.write(report.summary())
