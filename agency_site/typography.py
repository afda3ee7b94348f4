"""French typography for every text a visitor reads: no-break spaces, guillemets, dashes and apostrophes."""

import re

from django.utils.safestring import SafeData, mark_safe

NNBSP = "\u202f"

# Horizontal spaces only: a line break before a sign is layout, not a typing habit.
SPACES = "[ \t\u00a0\u202f]"

APOSTROPHE = re.compile(r"(?<=\w)(?:'|&#x27;|&#39;)(?=\w)")
# An HTML entity (&amp;) is matched first so that its closing semicolon is left alone.
BEFORE_SIGN = re.compile(rf"(&#?\w+;)|{SPACES}+([;:!?])|(?<=[\w)»])([!?])(?=\s|$|[!?.,)»<])|(?<=[\w)»])([;:])(?=\s)")
OPENING_GUILLEMET = re.compile(rf"«{SPACES}*")
CLOSING_GUILLEMET = re.compile(rf"{SPACES}*»")
INCISE_DASH = re.compile(rf"(?<={SPACES})-(?={SPACES})")

# Text inside these elements is code or a visitor's input, and a tag's attributes hold names and URLs:
# only the text between tags is set in French typography.
UNTOUCHED = re.compile(
    r"<!--.*?-->"
    r"|<(script|style|pre|code|kbd|samp|textarea)\b(?:[^>\"']|\"[^\"]*\"|'[^']*')*>.*?</\1\s*>"
    r"|<(?:[^>\"']|\"[^\"]*\"|'[^']*')*>",
    re.DOTALL | re.IGNORECASE,
)


def _space_before_sign(match):
    entity, spaced_sign, question_or_exclamation, semicolon_or_colon = match.groups()
    if entity:
        return entity
    return NNBSP + (spaced_sign or question_or_exclamation or semicolon_or_colon)


def french_typography(text):
    """Plain text set the French way: « a narrow no-break space » before ; : ! ?, – for an incise, ’."""
    text = APOSTROPHE.sub("’", text)
    text = BEFORE_SIGN.sub(_space_before_sign, text)
    text = OPENING_GUILLEMET.sub("«" + NNBSP, text)
    text = CLOSING_GUILLEMET.sub(NNBSP + "»", text)
    return INCISE_DASH.sub("–", text)


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
