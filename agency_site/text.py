"""French text folding shared by sorting, search and auto-linking: accents, ligatures, elisions, plurals."""

import re
import unicodedata

# Ligatures and letters that NFKD does not decompose into a base letter.
LIGATURES = {"œ": "oe", "æ": "ae", "ß": "ss", "ø": "o", "ł": "l", "đ": "d"}
APOSTROPHES = {"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'", "\u00b4": "'"}

# "l'", "d'", "qu'"… glued to the next word: dropped so "l'engagement" finds "engagement".
ELISION = re.compile(r"\b(?:l|d|j|m|n|s|t|c|qu|jusqu|lorsqu|puisqu)'(?=\w)")
WORD = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def fold_char(char):
    """One character folded: lowercase, no accent, ligatures spelt out, curly apostrophes straightened."""
    lowered = char.lower()
    if lowered in LIGATURES:
        return LIGATURES[lowered]
    if lowered in APOSTROPHES:
        return "'"
    if lowered.isascii():
        return lowered
    decomposed = unicodedata.normalize("NFKD", lowered)
    base = "".join(part for part in decomposed if not unicodedata.combining(part))
    if not base:
        return ""
    if base.isspace():
        return " "
    return base


def fold(text):
    """Lowercase, accent-free form of French text ("Œil écoute" → "oeil ecoute")."""
    if text.isascii():
        return text.lower()
    return "".join(fold_char(char) for char in text)


def fold_with_offsets(text):
    """The folded text and, for each of its characters, the index of the original character it came from."""
    folded = []
    offsets = []
    for index, char in enumerate(text):
        piece = char.lower() if char.isascii() else fold_char(char)
        folded.append(piece)
        offsets.extend([index] * len(piece))
    return "".join(folded), offsets


def collation_key(title):
    """French sort key: digits and signs first, accents and ligatures folded, the exact spelling only breaks ties."""
    folded = fold(title)
    first = next((char for char in folded if not char.isspace()), "")
    primary = "".join(char for char in folded if char.isalnum() or char == " ")
    return (first.isascii() and first.isalpha(), primary, folded, title)


# Below every character a title or its folded forms hold: a shorter part sorts before its longer continuations.
SORT_KEY_SEPARATOR = "\x01"


def sort_key(title):
    """collation_key as one string that orders, compared character by character, as the tuple does."""
    digits_last, primary, folded, exact = collation_key(title)
    return SORT_KEY_SEPARATOR.join([str(int(digits_last)) + primary, folded, exact])


def singular(word):
    """Crude French singular, enough to match "leads", "réseaux", "KPIs" with their entries."""
    if word.endswith("eaux"):
        return word[:-1]
    if len(word) > 4 and word.endswith("aux"):
        return word[:-3] + "al"
    if len(word) > 3 and word[-1] in "sx" and word[-2] not in "su":
        return word[:-1]
    return word


def search_words(text):
    """The words of a text as search compares them: folded, elisions dropped, singular."""
    folded = ELISION.sub("", fold(text))
    return [singular(word) for word in WORD.findall(folded)]


def normalise(text):
    """A text reduced to its search words, space separated."""
    return " ".join(search_words(text))


def french_plural(word):
    """The usual French plural of a word ("réseau" → "réseaux", "social" → "sociaux", "lead" → "leads")."""
    if not word or word[-1] in "sxz" or not word[-1].isalpha():
        return word
    if word.endswith(("eau", "au", "eu")):
        return word + "x"
    if word.endswith("al"):
        return word[:-2] + "aux"
    return word + "s"


def plural_variants(folded_term):
    """The folded spellings an auto-link matches: the term, its last word with "s"/"x"/the French plural, every
    word in the plural ("réseaux sociaux")."""
    words = folded_term.split(" ")
    head, last = words[:-1], words[-1]
    variants = {folded_term, " ".join([*head, french_plural(last)])}
    if last and last[-1].isalpha() and last[-1] not in "sxz":
        variants.update({" ".join([*head, last + "s"]), " ".join([*head, last + "x"])})
    if head:
        variants.add(" ".join(french_plural(word) for word in words))
    return variants


EXPANDING = re.compile("[œæßŒÆ]")


def _matching_table():
    table = {}
    for code in [*range(0x80, 0x250), *range(0x2000, 0x2070), 0x2BC]:
        char = chr(code)
        folded = " " if char.isspace() else fold_char(char)
        if len(folded) == 1 and folded != char:
            table[code] = folded
    for char in "\t\n\r\f\v":
        table[ord(char)] = " "
    return table


MATCHING_TABLE = _matching_table()


def fold_for_matching(text):
    """The folded text with every space as " ", and its offsets into text (None when they are the identity)."""
    lowered = text.lower()
    if len(lowered) == len(text) and not EXPANDING.search(lowered):
        return lowered.translate(MATCHING_TABLE), None
    folded, offsets = fold_with_offsets(text)
    return folded.translate(MATCHING_TABLE), offsets


def fold_term(term):
    """A term as the auto-linker stores it: folded, single spaces."""
    return " ".join(fold_for_matching(term)[0].split())
