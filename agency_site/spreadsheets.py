"""Text cells safe to open in a spreadsheet: every CSV cell quoted, no formula run, whatever separator it splits on."""

import csv
import re

# A spreadsheet runs a cell starting with one of these as a formula (CSV injection).
FORMULA_TRIGGERS = "=+-@\t\r"
# A spreadsheet set to another separator than the file's (French ones split on ";", quotes or not)
# starts a new cell after any of these; the text after one must not start a formula either.
SEPARATED_TRIGGER = re.compile(rf"([,;\t]\s*\"*)(?='*[{re.escape(FORMULA_TRIGGERS)}])")
NEUTRALISED_TRIGGER = re.compile(rf"([,;\t]\s*\"*)'(?='*[{re.escape(FORMULA_TRIGGERS)}])")
LEADING_TRIGGER = re.compile(rf"^'*[{re.escape(FORMULA_TRIGGERS)}]")


def neutralise_formula(value):
    """The cell's text with an apostrophe before any formula start, at the start and after any separator.

    An apostrophe already there gets one more, so `restore_formula` gives back the text exactly.
    """
    text = "" if value is None else str(value)
    text = SEPARATED_TRIGGER.sub(r"\1'", text)
    return f"'{text}" if LEADING_TRIGGER.match(text) else text


def restore_formula(value):
    """Undo `neutralise_formula`, for a file exported by us and imported back."""
    if not isinstance(value, str):
        return value
    if value.startswith("'") and LEADING_TRIGGER.match(value[1:]):
        value = value[1:]
    return NEUTRALISED_TRIGGER.sub(r"\1", value)


def csv_writer(stream, **options):
    """csv.writer quoting every cell and neutralising formulas in each: `writer.writerow(values)`."""
    return SafeWriter(csv.writer(stream, quoting=csv.QUOTE_ALL, **options))


def csv_dict_writer(stream, fieldnames, **options):
    """csv.DictWriter quoting every cell and neutralising formulas: `writer.writeheader()`, `writer.writerow(row)`."""
    return SafeWriter(csv.DictWriter(stream, fieldnames=fieldnames, quoting=csv.QUOTE_ALL, **options))


class SafeWriter:
    """A csv writer whose rows are neutralised cell by cell; returns what the underlying writer returns."""

    def __init__(self, writer):
        self.writer = writer

    def writeheader(self):
        return self.writerow(dict(zip(self.writer.fieldnames, self.writer.fieldnames, strict=True)))

    def writerow(self, row):
        if isinstance(row, dict):
            return self.writer.writerow({key: neutralise_formula(value) for key, value in row.items()})
        return self.writer.writerow([neutralise_formula(value) for value in row])

    def writerows(self, rows):
        for row in rows:
            self.writerow(row)
