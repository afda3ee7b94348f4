"""Glossary search: accent/case-insensitive, plurals and elisions, one typo, exact term or synonym first."""

from functools import lru_cache

from django.db import connection
from django.db.models import BooleanField, Case, F, IntegerField, Q, Value, When
from django.db.models.expressions import RawSQL

from .models import GlossaryEntryPage, GlossarySearchMiss
from .text import collation_key, normalise

TYPO_MIN_LENGTH = 4
TRIGRAM_THRESHOLD = 0.45


def is_postgresql():
    return connection.vendor == "postgresql"


def within_one_edit(a, b):
    """True when a and b differ by at most one insertion, deletion, substitution or swap of neighbours."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    if len(a) == len(b):
        if a[i + 1 :] == b[i + 1 :]:
            return True
        return i + 1 < len(a) and a[i] == b[i + 1] and a[i + 1] == b[i] and a[i + 2 :] == b[i + 2 :]
    return a[i:] == b[i + 1 :]


def vocabulary(entries):
    """Every word of every term and synonym, the words a typo can be corrected to."""
    words = set()
    for terms in entries.values_list("search_terms", flat=True):
        words.update(terms.replace("|", " ").split())
    return words


def corrected_words(words, entries):
    """The query words with each unknown word replaced by the known words one edit away (or kept)."""
    known = vocabulary(entries)
    alternatives = []
    for word in words:
        if word in known or len(word) < TYPO_MIN_LENGTH:
            alternatives.append([word])
            continue
        close = sorted(candidate for candidate in known if within_one_edit(word, candidate))
        alternatives.append(close or [word])
    return alternatives


def words_filter(alternatives):
    condition = Q()
    for options in alternatives:
        either = Q()
        for word in options:
            either |= Q(search_text__contains=word)
        condition &= either
    return condition


def ranking(normalised_query):
    """0: the query is a term or synonym; 1: a term starts with it; 2: a term contains it; 3: the definition does."""
    return Case(
        When(search_terms__contains=f"|{normalised_query}|", then=Value(0)),
        When(search_terms__startswith=f"|{normalised_query}", then=Value(1)),
        When(search_terms__contains=f"|{normalised_query}", then=Value(1)),
        When(search_terms__contains=normalised_query, then=Value(2)),
        default=Value(3),
        output_field=IntegerField(),
    )


def search_entries(query, index_page=None, limit=50):
    """Live entries matching the query, best first."""
    normalised_query = normalise(query)
    if not normalised_query:
        return []
    entries = GlossaryEntryPage.objects.live().public()
    if index_page is not None:
        entries = entries.child_of(index_page)
    words = normalised_query.split()
    if is_postgresql():
        found = postgresql_search(entries, query, normalised_query, words, limit)
    else:
        found = portable_search(entries, normalised_query, words, limit)
    return found


def portable_search(entries, normalised_query, words, limit):
    matches = entries.filter(words_filter([[word] for word in words]))
    if not matches.exists():
        matches = entries.filter(words_filter(corrected_words(words, entries)))
    return ordered(matches.annotate(match_rank=ranking(normalised_query)), limit)


CANDIDATES_PER_METHOD = 200


def postgresql_search(entries, query, normalised_query, words, limit):
    from django.contrib.postgres.search import TrigramWordSimilarity

    register_postgresql_lookups()
    # search_document is a stored column (migration 0005): french_unaccent stems, matched through its GIN index.
    full_text = RawSQL(
        "glossary_glossaryentrypage.search_document @@ plainto_tsquery('french_unaccent'::regconfig, %s)",
        [normalised_query],
        output_field=BooleanField(),
    )
    # One query per method, each answered by its own GIN index: OR-ed together, the planner falls back to a scan
    # that computes trigrams on every row.
    candidate_ids = set()
    for condition in (Q(full_text), words_filter([[word] for word in words])):
        candidate_ids.update(
            GlossaryEntryPage.objects.filter(condition).values_list("pk", flat=True)[:CANDIDATES_PER_METHOD]
        )
    if len(candidate_ids) < limit:
        # Too few exact or stemmed matches: the query may hold a typo, which trigram similarity forgives.
        typo_matches = GlossaryEntryPage.objects.filter(search_terms__trigram_word_similar=normalised_query)
        candidate_ids.update(typo_matches.values_list("pk", flat=True)[:CANDIDATES_PER_METHOD])
    if not candidate_ids:
        return []
    # Similarity to the terms and synonyms only: short strings, and the definition never outranks a term.
    similarity = TrigramWordSimilarity(Value(normalised_query), "search_terms")
    matches = entries.filter(pk__in=candidate_ids).annotate(match_rank=ranking(normalised_query), similarity=similarity)
    return ordered(matches, limit, extra_order=["-similarity"])


@lru_cache(maxsize=1)
def register_postgresql_lookups():
    from django.contrib.postgres.lookups import TrigramWordSimilar

    GlossaryEntryPage._meta.get_field("search_terms").register_lookup(TrigramWordSimilar)
    return True


def ordered(matches, limit, extra_order=()):
    rows = list(
        matches.only(
            "title", "slug", "url_path", "path", "depth", "short_definition", "letter", "search_terms"
        ).order_by("match_rank", *extra_order, "title")[:limit]
    )
    # The database gave the best rows; French collation only breaks ties inside a rank.
    return sorted(rows, key=lambda entry: (entry.match_rank, collation_key(entry.title))) if not extra_order else rows


def record_search_miss(query):
    """Count a search that found nothing, once per normalised wording."""
    normalised_query = normalise(query)[:200] or query.strip().lower()[:200]
    if not normalised_query:
        return None
    miss, created = GlossarySearchMiss.objects.get_or_create(
        normalised_query=normalised_query, defaults={"query": query[:200]}
    )
    if not created:
        GlossarySearchMiss.objects.filter(pk=miss.pk).update(count=F("count") + 1, query=query[:200])
    return miss
