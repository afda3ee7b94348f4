"""French typography for demo text: typographic apostrophes and non-breaking spaces."""

import re

NBSP = "\u00a0"
NNBSP = "\u202f"


def french_typography(text):
    """Curly apostrophes, and a no-break space before ? ! ; : as French typesetting wants."""
    text = text.replace("'", "’")
    text = re.sub(r"\s+([?!;])", NNBSP + r"\1", text)
    text = re.sub(r"\s+:(?!//)", NBSP + ":", text)
    return text
