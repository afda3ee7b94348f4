"""manage.py export_glossary: every entry to CSV, with spreadsheet formulas neutralised."""

from django.core.management.base import BaseCommand

from glossary.transfer.export import write_csv


class Command(BaseCommand):
    help = "Export every glossary entry to CSV (stdout, or --output FILE)."

    def add_arguments(self, parser):
        parser.add_argument("--output", "-o", help="file to write; stdout when absent")

    def handle(self, output=None, **options):
        if output:
            with open(output, "w", encoding="utf-8", newline="") as stream:
                count = write_csv(stream)
            self.stderr.write(f"{count} entrées exportées dans {output}")
        else:
            write_csv(self.stdout)
