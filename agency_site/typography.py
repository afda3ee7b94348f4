"""French typography for every text a visitor reads: no-break spaces, guillemets, dashes and apostrophes."""

import re

from django.utils.safestring import SafeData, mark_safe

NNBSP = "\u202f"

# Horizontal spaces only: a line break before a sign is layout, not a typing habit.
SPACES = " \t\u00a0\u202f"

# One pass over the characters that may need setting (a single alternation of literals: the regex engine jumps
# from one to the next); an HTML entity (&amp;) is matched whole so that its semicolon is never taken for one.
TRIGGER = re.compile(r"&#x27;|&#39;|&#?\w+;|[;:!?«»'-]")
APOSTROPHES = ("'", "&#x27;", "&#39;")


def _is_word(character):
    return character.isalnum() or character == "_"


def _wants_space_before(text, start, end, sign):
    """A sign typed right after a word: ! and ? end a sentence, ; and : are followed by a space."""
    previous = text[start - 1] if start else ""
    following = text[end] if end < len(text) else ""
    if not (_is_word(previous) or previous in ")»"):
        return False
    if sign in "!?":
        return following == "" or following.isspace() or following in "!?.,)»"
    return following.isspace()


# Text inside these elements is code or a visitor's input, and a tag's attributes hold names and URLs:
# only the text between tags is set in French typography.
UNTOUCHED = re.compile(
    r"<!--.*?-->"
    r"|<(script|style|pre|code|kbd|samp|textarea)\b(?:[^>\"']|\"[^\"]*\"|'[^']*')*>.*?</\1\s*>"
    r"|<(?:[^>\"']|\"[^\"]*\"|'[^']*')*>",
    re.DOTALL | re.IGNORECASE,
)


def french_typography(text):
    """Plain text set the French way: « a narrow no-break space » before ; : ! ?, – for an incise, ’."""
    parts = []
    position = 0  # text[position:] is not copied yet
    for match in TRIGGER.finditer(text):
        mark, (start, end) = match.group(), match.span()
        before = text[position:start]
        if mark in APOSTROPHES:
            if start and end < len(text) and _is_word(text[start - 1]) and _is_word(text[end]):
                parts += [before, "’"]
                position = end
        elif mark in (";", ":", "!", "?"):
            spaced = before.rstrip(SPACES)
            if spaced != before or _wants_space_before(text, start, end, mark):
                parts += [spaced, NNBSP, mark]
                position = end
        elif mark == "«":
            position = end
            while position < len(text) and text[position] in SPACES:
                position += 1
            parts += [before, "«", NNBSP]
        elif mark == "»":
            parts += [before.rstrip(SPACES), NNBSP, "»"]
            position = end
        elif mark == "-" and 0 < start and end < len(text) and text[start - 1] in SPACES and text[end] in SPACES:
            parts += [before, "–"]
            position = end
    parts.append(text[position:])
    return "".join(parts)


def french_typography_html(html):
    """The same typography on the text of an HTML fragment; tags, attributes, URLs and code are left as they are."""
    parts = []
    position = 0
    for match in UNTOUCHED.finditer(html):
        parts.append(french_typography(html[position : match.start()]))
        parts.append(match.group(0))
        position = match.end()
    parts.append(french_typography(html[position:]))
    return "".join(parts)


def typography(value):
    """Template filter: HTML already marked safe keeps its markup; plain text stays plain (escaped on output)."""
    if isinstance(value, SafeData):
        return mark_safe(french_typography_html(str(value)))  # noqa: S308 (only text between tags changed)
    return french_typography(str(value))
