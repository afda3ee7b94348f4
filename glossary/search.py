"""Glossary search: accent/case-insensitive, plurals and elisions, one typo, exact term or synonym first."""

import re
from contextlib import contextmanager
from functools import lru_cache

from django.db import connection, transaction
from django.db.models import BooleanField, Case, IntegerField, Q, Value, When
from django.db.models.expressions import RawSQL

from agency_site.text import collation_key, normalise

# A visitor's query is read up to this length; the search page and the suggestions cut it there.
QUERY_MAX_LENGTH = 200
# Control characters (a NUL makes PostgreSQL refuse the query) and unpaired surrogates are never part of a term.
UNREADABLE_CHARACTERS = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]")

TYPO_MIN_LENGTH = 4


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


def visitor_query(raw):
    """A visitor's query as search reads it: control characters as spaces, trimmed, at most QUERY_MAX_LENGTH long."""
    return UNREADABLE_CHARACTERS.sub(" ", raw[: QUERY_MAX_LENGTH * 2]).strip()[:QUERY_MAX_LENGTH].strip()


def search_entries(entries, query, limit=50):
    """The entries of the queryset that match the query, best first."""
    normalised_query = normalise(query)
    if not normalised_query:
        return []
    words = normalised_query.split()
    if is_postgresql():
        found = postgresql_search(entries, normalised_query, words, limit)
    else:
        found = portable_search(entries, normalised_query, words, limit)
    return found


def portable_search(entries, normalised_query, words, limit):
    matches = entries.filter(words_filter([[word] for word in words]))
    if not matches.exists():
        matches = entries.filter(words_filter(corrected_words(words, entries)))
    return ordered(matches.annotate(match_rank=ranking(normalised_query)), limit)


# Rows each way of matching may bring before ranking: enough for any real query, few enough to rank in no time.
CANDIDATES_PER_METHOD = 200
# pg_trgm's word similarity a term must reach for a mistyped query to find it (its own default, set explicitly).
TYPO_WORD_SIMILARITY = 0.6
TERM_WORD_STARTS = "search_term_words @@ to_tsquery('simple'::regconfig, %s)"
WORD_STARTS_OR_STEMS = (
    "(search_words @@ to_tsquery('simple'::regconfig, %s)"
    " OR search_document @@ plainto_tsquery('french_unaccent'::regconfig, %s))"
)


def capped(entries, condition, cap):
    """The first `cap` live, public entries (of the index) meeting the condition, in the terms' folded order.

    The filters come before the cap, so drafts never fill it; the order makes a broad query's cap the same slice
    every time, the first terms of the A–Z (search_terms starts with the folded term).
    """
    return entries.filter(condition).order_by("search_terms", "pk").values("pk")[:cap]


def any_of(querysets):
    """A condition on the entry's pk being among the rows of any of the capped querysets, in one SQL query."""
    compiled = [queryset.query.sql_with_params() for queryset in querysets]
    sql = " UNION ALL ".join(f"({branch_sql})" for branch_sql, _params in compiled)
    params = [param for _sql, branch_params in compiled for param in branch_params]
    return sql_condition(f"glossary_glossaryentrypage.page_ptr_id IN ({sql})", params)


def sql_condition(sql, params):
    # Fixed or ORM-compiled SQL, every value a parameter.
    return RawSQL(sql, params, output_field=BooleanField())  # noqa: S611


def postgresql_search(entries, normalised_query, words, limit):
    """Word starts (search_words), French stems (search_document), and trigrams when nothing matches as typed.

    Each capped branch is answered by its own GIN index. The exact term or synonym, then the terms and synonyms
    whose words start with the query words, are looked for apart from the rest, so that an entry ranked first is
    never left out when the definitions alone match thousands of entries.
    """
    from django.contrib.postgres.search import TrigramWordSimilarity

    register_postgresql_lookups(entries.model)
    # Normalised words are [a-z0-9-] only: safe inside a LIKE pattern and a tsquery.
    word_starts = " & ".join(f"{word}:*" for word in words)
    cap = CANDIDATES_PER_METHOD
    candidates = any_of(
        [
            capped(entries, Q(search_terms__contains=f"|{normalised_query}|"), cap),
            capped(entries, sql_condition(TERM_WORD_STARTS, [word_starts]), cap),
            capped(entries, sql_condition(WORD_STARTS_OR_STEMS, [word_starts, normalised_query]), cap),
        ]
    )
    # Similarity to the terms and synonyms only: short strings, and the definition never outranks a term.
    similarity = TrigramWordSimilarity(Value(normalised_query), "search_terms")

    def ranked(condition):
        matches = entries.filter(condition).annotate(match_rank=ranking(normalised_query), similarity=similarity)
        return ordered(matches, limit, extra_order=["-similarity"])

    found = ranked(candidates)
    if found:
        return found
    # Nothing as typed: the query may hold a typo, which trigram word similarity to the terms forgives.
    typo_candidates = capped(entries, Q(search_terms__trigram_word_similar=normalised_query), cap)
    with typo_search_settings():
        return ranked(Q(pk__in=typo_candidates))


@contextmanager
def typo_search_settings():
    """The typo threshold, and the trigram index rather than a scan, for the queries inside only."""
    with transaction.atomic():
        with connection.cursor() as cursor:
            # For a query of several words the planner prices a sequential scan below the trigram index, not
            # counting that the scan then computes the word similarity of every row (80 ms at 10,000 entries).
            cursor.execute(
                "SELECT set_config('enable_seqscan', 'off', true), "
                "set_config('pg_trgm.word_similarity_threshold', %s, true)",
                [str(TYPO_WORD_SIMILARITY)],
            )
        yield
        # The search only reads: rolling back ends the settings here, even in a savepoint of a wider transaction.
        transaction.set_rollback(True)


@lru_cache(maxsize=1)
def register_postgresql_lookups(entry_model):
    from django.contrib.postgres.lookups import TrigramWordSimilar

    entry_model._meta.get_field("search_terms").register_lookup(TrigramWordSimilar)
    return True


def ordered(matches, limit, extra_order=()):
    rows = list(
        matches.only(
            "title", "slug", "url_path", "path", "depth", "short_definition", "letter", "search_terms"
        ).order_by("match_rank", *extra_order, "title")[:limit]
    )
    # The database gave the best rows; French collation only breaks ties inside a rank.
    return sorted(rows, key=lambda entry: (entry.match_rank, collation_key(entry.title))) if not extra_order else rows
