"""Finding terms in rendered HTML and linking them, with an Aho–Corasick automaton over folded text."""

from dataclasses import dataclass
from html import escape as escape_text
from html.parser import HTMLParser

import ahocorasick

from agency_site.text import fold_for_matching, fold_term, plural_variants

# Text inside these elements is never linked: links, headings, quote attributions, code, form controls, scripts.
SKIPPED_ELEMENTS = frozenset(
    {
        "a",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "figcaption",
        "cite",
        "script",
        "style",
        "noscript",
        "template",
        "title",
        "code",
        "pre",
        "kbd",
        "samp",
        "button",
        "label",
        "select",
        "option",
        "textarea",
        "svg",
        "math",
        "iframe",
        "object",
        "abbr",
        "dfn",
    }
)


@dataclass(frozen=True)
class LinkTarget:
    """The page a matched term links to, with the term and definition its popover shows."""

    entry_id: int
    url: str
    title: str
    definition: str


def is_word_char(char):
    # A hyphen glues words: "réputation" must not match inside "e-réputation".
    return char.isalnum() or char == "-"


class TermMatcher:
    """Finds terms (and their plurals) in text, in time linear in the text whatever the number of terms."""

    def __init__(self, spellings):
        """spellings: iterable of (term or synonym, LinkTarget); the first target given for a spelling wins."""
        self.automaton = ahocorasick.Automaton()
        self.size = 0
        for spelling, target in spellings:
            folded = fold_term(spelling)
            if not folded:
                continue
            for variant in plural_variants(folded):
                if variant not in self.automaton:
                    self.automaton.add_word(variant, (len(variant), target))
                    self.size += 1
        if self.size:
            self.automaton.make_automaton()

    def find(self, text):
        """Non-overlapping whole-word matches as (start, end, target), leftmost-longest, in one pass over text."""
        if not self.size or not text:
            return []
        folded, offsets = fold_for_matching(text)
        last = len(folded) - 1
        matches = []
        for end, (length, target) in self.automaton.iter_long(folded):
            start = end - length + 1
            if start > 0 and is_word_char(folded[start - 1]):
                continue
            if end < last and is_word_char(folded[end + 1]):
                continue
            if offsets is not None:
                start, end = offsets[start], offsets[end]
            matches.append((start, end + 1, target))
        return matches

    def link_html(self, html, exclude_entry_id=None, max_links=None):
        """html with the first occurrence of each term made a link; returns (html, ids of the linked entries)."""
        linker = _HTMLLinker(self, exclude_entry_id, max_links)
        linker.feed(html)
        linker.close()
        return "".join(linker.output), linker.linked


def term_link(text, target):
    # The class and data attributes are what the definition popovers script reads.
    return (
        f'<a class="glossary-link" href="{escape_text(target.url)}" '
        f'data-glossary-term="{escape_text(target.title)}" data-glossary-definition="{escape_text(target.definition)}">'
        f"{escape_text(text, quote=False)}</a>"
    )


class _HTMLLinker(HTMLParser):
    """Re-emits the HTML it reads unchanged, except text nodes outside skipped elements, where terms become links."""

    def __init__(self, matcher, exclude_entry_id, max_links):
        super().__init__(convert_charrefs=True)
        self.matcher = matcher
        self.exclude_entry_id = exclude_entry_id
        self.max_links = max_links
        self.output = []
        self.linked = []
        self.skipped_depth = 0

    def room_left(self):
        return self.max_links is None or len(self.linked) < self.max_links

    def handle_starttag(self, tag, attrs):
        self.output.append(self.get_starttag_text())
        if tag in SKIPPED_ELEMENTS:
            self.skipped_depth += 1

    def handle_startendtag(self, tag, attrs):
        self.output.append(self.get_starttag_text())

    def handle_endtag(self, tag):
        self.output.append(f"</{tag}>")
        if tag in SKIPPED_ELEMENTS and self.skipped_depth:
            self.skipped_depth -= 1

    def handle_data(self, data):
        if self.cdata_elem is not None:
            self.output.append(data)
            return
        if self.skipped_depth or not self.room_left():
            self.output.append(escape_text(data, quote=False))
            return
        position = 0
        for start, end, target in self.matcher.find(data):
            if target.entry_id == self.exclude_entry_id or target.entry_id in self.linked:
                continue
            self.output.append(escape_text(data[position:start], quote=False))
            self.output.append(term_link(data[start:end], target))
            self.linked.append(target.entry_id)
            position = end
            if not self.room_left():
                break
        self.output.append(escape_text(data[position:], quote=False))

    def handle_comment(self, data):
        self.output.append(f"<!--{data}-->")

    def handle_decl(self, decl):
        self.output.append(f"<!{decl}>")

    def handle_pi(self, data):
        self.output.append(f"<?{data}>")

    def unknown_decl(self, data):
        self.output.append(f"<![{data}]>")
