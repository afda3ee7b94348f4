"""The glossary's A–Z: which letter of the alphabet bar a term is listed under."""

from agency_site.text import fold

DIGITS_LETTER = "0-9"
ALPHABET = [chr(code) for code in range(ord("A"), ord("Z") + 1)]


def initial_letter(title):
    """The A–Z bucket of a term: its first letter folded ("Écoute" → "E", "Œil" → "O"), else "0-9"."""
    for char in fold(title):
        if char.isalpha() and char.isascii():
            return char.upper()
        if char.isalnum() or not char.isspace():
            return DIGITS_LETTER
    return DIGITS_LETTER
