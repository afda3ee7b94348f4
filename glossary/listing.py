"""What the glossary's index and letter pages list, bounded whatever the glossary's size, and their JSON-LD."""

from django.conf import settings
from django.core.paginator import InvalidPage, Paginator
from django.db.models import F
from django.http import Http404
from django.utils.translation import gettext as _

from agency_site.seo import page_full_url


def letter_page(index_page, letter, number):
    """The requested page of a letter's entries; 404 when the number is not one or lies past the last page."""
    paginator = Paginator(index_page.listed_entries(letter), settings.GLOSSARY_LETTER_PAGE_SIZE)
    # Known from the counts per letter, which every page reads already: no COUNT query of its own.
    paginator.count = index_page.letter_counts().get(letter, 0)
    try:
        return paginator.page(number)
    except InvalidPage:
        raise Http404(_("Cette page de la lettre n’existe pas.")) from None


def page_url(letter_path, number):
    """The address of a letter's page: the first one without a parameter, so it has one address only."""
    return letter_path if number == 1 else f"{letter_path}?page={number}"


def letter_path(request, index_page, letter):
    return index_page.get_url(request) + index_page.reverse_subpage("letter", args=[letter.lower()])


def letter_page_context(request, index_page, letter, page):
    path = letter_path(request, index_page, letter)
    entries = list(page.object_list)
    context = {
        "entries": entries,
        "letter_groups": group_by_letter(entries),
        "letter_entry_count": page.paginator.count,
        "page_number": page.number,
        "canonical": request.build_absolute_uri(page_url(path, page.number)),
        "structured_data": letter_structured_data(request, index_page, letter, page, entries),
        "pagination": [],
        "rel_links": [],
    }
    # Shown as links in the page and as <link rel> in its head, which search engines follow from page to page.
    if page.has_previous():
        context["previous_url"] = page_url(path, page.previous_page_number())
        context["rel_links"].append(("prev", request.build_absolute_uri(context["previous_url"])))
    if page.has_next():
        context["next_url"] = page_url(path, page.next_page_number())
        context["rel_links"].append(("next", request.build_absolute_uri(context["next_url"])))
    if page.paginator.num_pages > 1:
        # A few numbers around the current one and at both ends: the links stay bounded at any size.
        context["pagination"] = [
            {"number": number, "url": page_url(path, number), "current": number == page.number}
            if number != page.paginator.ELLIPSIS
            else {"ellipsis": number}
            for number in page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)
        ]
    return context


def index_page_context(request, index_page):
    """A small glossary lists every entry by letter; past GLOSSARY_INDEX_FULL_LIST_MAX, the latest published ones."""
    counts = index_page.letter_counts()
    entry_count = sum(counts.values())
    lists_every_entry = entry_count <= settings.GLOSSARY_INDEX_FULL_LIST_MAX
    if lists_every_entry:
        entries = list(index_page.listed_entries())
    else:
        latest_first = (F("first_published_at").desc(nulls_last=True), "-pk")
        entries = list(index_page.listed_entries().order_by(*latest_first)[: settings.GLOSSARY_RECENT_ENTRIES])
    return {
        "entry_count": entry_count,
        "lists_every_entry": lists_every_entry,
        "entries": entries,
        "letter_groups": group_by_letter(entries) if lists_every_entry else [],
        "structured_data": index_structured_data(request, index_page, entries, sorted(counts)),
    }


def group_by_letter(entries):
    """[{letter, entries}] in the order of the entries, which the A–Z's French order gives."""
    groups = {}
    for entry in entries:
        groups.setdefault(entry.letter, []).append(entry)
    return [{"letter": letter, "entries": letter_entries} for letter, letter_entries in groups.items()]


def defined_term(request, entry):
    return {"@type": "DefinedTerm", "name": entry.title, "url": page_full_url(request, entry)}


def glossary_set(request, index_page):
    url = page_full_url(request, index_page)
    return {"@type": "DefinedTermSet", "@id": url + "#glossaire", "name": index_page.title, "url": url}


def index_structured_data(request, index_page, entries, letters):
    """The glossary as a DefinedTermSet: the entries the index shows, and one part per letter that has entries."""
    return {
        "@context": "https://schema.org",
        **glossary_set(request, index_page),
        "description": index_page.intro or index_page.meta_description,
        "inLanguage": "fr-FR",
        "hasDefinedTerm": [defined_term(request, entry) for entry in entries],
        "hasPart": [
            {
                "@type": "DefinedTermSet",
                "@id": request.build_absolute_uri(letter_path(request, index_page, letter)) + "#lettre",
                "name": _("%(title)s\u00a0: lettre %(letter)s") % {"title": index_page.title, "letter": letter},
                "url": request.build_absolute_uri(letter_path(request, index_page, letter)),
            }
            for letter in letters
        ],
    }


def letter_structured_data(request, index_page, letter, page, entries):
    """A letter's page as a part of the glossary's DefinedTermSet, describing only its own entries."""
    url = request.build_absolute_uri(page_url(letter_path(request, index_page, letter), page.number))
    return {
        "@context": "https://schema.org",
        "@type": "DefinedTermSet",
        "@id": url + "#lettre",
        "name": _("%(title)s\u00a0: lettre %(letter)s") % {"title": index_page.title, "letter": letter},
        "url": url,
        "inLanguage": "fr-FR",
        "isPartOf": glossary_set(request, index_page),
        "hasDefinedTerm": [defined_term(request, entry) for entry in entries],
    }
