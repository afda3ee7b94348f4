"""CSV cells as a spreadsheet reads them, comma or French semicolon: nothing starts a formula, text comes back."""

import csv
import io

import pytest

from agency_site.spreadsheets import FORMULA_TRIGGERS, csv_writer, neutralise_formula, restore_formula

HOSTILE_CELLS = [
    '=HYPERLINK("http://evil.example")',
    "+33 1 40 33 00 65",
    "-2+3",
    "@SUM(A1)",
    "\t=1+1",
    "\r=1+1",
    'Acme;=HYPERLINK("http://evil.example")',
    'Acme, "=1+1"',
    "Acme;\t @SUM(A1)",
    "'=déjà une apostrophe",
    "Texte ; -20 % sur tout",
    "Rien à signaler",
]


def cells_as_split_by(line, delimiter):
    return [cell.strip().strip('"').lstrip() for cell in line.split(delimiter)]


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_no_cell_starts_a_formula_whatever_the_spreadsheet_splits_on(delimiter):
    output = io.StringIO()
    csv_writer(output).writerow(HOSTILE_CELLS)
    line = output.getvalue()

    # Naively, as a spreadsheet that ignores quotes would, and as one that honours them.
    cells = cells_as_split_by(line, delimiter) + next(csv.reader(io.StringIO(line, newline=""), delimiter=delimiter))
    assert [cell for cell in cells if cell[:1] in FORMULA_TRIGGERS and cell[:1]] == []


def test_every_cell_is_quoted():
    output = io.StringIO()
    csv_writer(output).writerow(["Camille", "", 42, "Boulangerie Martin"])

    assert output.getvalue() == '"Camille","","42","Boulangerie Martin"\r\n'


@pytest.mark.parametrize("text", HOSTILE_CELLS)
def test_an_exported_cell_imports_back_unchanged(text):
    assert restore_formula(neutralise_formula(text)) == text


def test_plain_text_is_left_alone():
    assert neutralise_formula("Taux d’engagement, portée") == "Taux d’engagement, portée"
