"""manage.py bench_glossary: auto-linking time, search latency and page query counts at 10,000 entries."""

import gc
import os
import random
import statistics
import subprocess
import sys
import time
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from agency_site.autolinking.matcher import LinkTarget, TermMatcher
from benchmarks.machine import machine_summary

ENTRY_COUNT = 10_000
BODY_WORDS = 3_000
SEARCH_QUERIES = 200
DEFAULT_ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres"

# About 200 syllables, so that synthetic terms share trigrams about as often as real French terms do.
SYLLABLES = [
    onset + vowel
    for onset in "b c d f g j l m n p r s t v ch ph tr pl gr cr fl".split()
    for vowel in "a e i o u ou an on in eu".split()
]
COMMON = "le la les des un une et de du pour avec sur dans par qui que votre nos marque client réseau".split()


def pseudo_word(rng):
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))


def synthetic_terms(rng, count):
    """count distinct terms of one to three pseudo-words, some with accents and elisions, like real entries."""
    terms = set()
    while len(terms) < count:
        words = [pseudo_word(rng) for _ in range(rng.choice((1, 1, 2, 2, 3)))]
        if rng.random() < 0.1:
            words[0] = "é" + words[0]
        if len(words) > 1 and rng.random() < 0.1:
            words[1] = "d’" + words[1]
        terms.add(" ".join(words))
    return sorted(terms)


def synthetic_body(rng, terms, words=BODY_WORDS):
    """HTML of about `words` words in paragraphs, headings and links, one word in ten from a term."""
    paragraphs = []
    written = 0
    while written < words:
        sentence = []
        for _ in range(100):
            sentence.append(rng.choice(terms) if rng.random() < 0.1 else rng.choice(COMMON + [pseudo_word(rng)]))
        written += 100
        if written % 1000 == 0:
            paragraphs.append(f"<h2>{' '.join(sentence[:5])}</h2>")
        paragraphs.append(
            f'<p>{" ".join(sentence[:40])} <a href="/x/">{sentence[40]}</a> {" ".join(sentence[41:])}</p>'
        )
    return "\n".join(paragraphs)


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


class Command(BaseCommand):
    help = "Benchmark the glossary at 10,000 synthetic entries in a throwaway PostgreSQL database."

    def add_arguments(self, parser):
        parser.add_argument("--entries", type=int, default=ENTRY_COUNT)
        parser.add_argument("--inner", action="store_true", help="internal: run inside the throwaway database")
        parser.add_argument("--skip-database", action="store_true", help="only the in-memory auto-linking figure")

    def handle(self, entries, inner, skip_database, **options):
        if inner:
            self.database_figures(entries)
            return
        self.stdout.write(f"Machine : {machine_summary()}")
        self.linking_figures(entries)
        if not skip_database:
            self.run_in_throwaway_database(entries)

    # Auto-linking, in memory -----------------------------------------------------------------------

    def linking_figures(self, count):
        rng = random.Random(50)
        terms = synthetic_terms(rng, count)
        started = time.perf_counter()
        matcher = TermMatcher(
            (term, LinkTarget(number, f"/glossaire/t{number}/", term, f"Définition {number}."))
            for number, term in enumerate(terms)
        )
        build_ms = (time.perf_counter() - started) * 1000
        body = synthetic_body(rng, terms)
        word_count = len(body.split())
        timings = []
        # As timeit does: a collection pause belongs to the process, not to the code measured.
        gc.disable()
        for _ in range(50):
            started = time.perf_counter()
            _html, linked = matcher.link_html(body, max_links=10)
            timings.append((time.perf_counter() - started) * 1000)
        uncapped = []
        for _ in range(20):
            started = time.perf_counter()
            _html, all_linked = matcher.link_html(body)
            uncapped.append((time.perf_counter() - started) * 1000)
        gc.enable()
        self.stdout.write(
            f"Auto-liens : {count} termes ({matcher.size} graphies), automate construit en {build_ms:.0f} ms"
        )
        self.stdout.write(
            f"Auto-liens : corps de {word_count} mots, 10 liens max : médiane {statistics.median(timings):.2f} ms, "
            f"p95 {percentile(timings, 0.95):.2f} ms (cible ≤ 5 ms)"
        )
        self.stdout.write(
            f"Auto-liens : sans plafond ({len(all_linked)} entrées liées) : médiane {statistics.median(uncapped):.2f} ms"
        )

    # Database figures, in a throwaway PostgreSQL database ------------------------------------------------

    def run_in_throwaway_database(self, count):
        import psycopg2

        current = os.environ.get("DATABASE_URL", "")
        admin_url = current if current.startswith(("postgres://", "postgresql://")) else DEFAULT_ADMIN_URL
        name = f"bench_glossary_{os.getpid()}"
        parts = urlsplit(admin_url)
        try:
            admin = psycopg2.connect(urlunsplit(parts._replace(path="/postgres")))
        except psycopg2.Error as error:
            self.stdout.write(f"Recherche et requêtes SQL : ignorées, PostgreSQL injoignable ({error}).")
            return
        admin.autocommit = True
        with admin.cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{name}"')
        try:
            environment = {
                **os.environ,
                "DATABASE_URL": urlunsplit(parts._replace(path=f"/{name}")),
                "PAGE_CACHE_ENABLED": "0",
                "REDIS_URL": "",
                "LOG_LEVEL": "WARNING",
            }
            command = [sys.executable, "manage.py", "bench_glossary", "--inner", "--entries", str(count)]
            result = subprocess.run(command, env=environment, cwd=settings.BASE_DIR, check=False)  # noqa: S603 - fixed argv
            if result.returncode:
                raise CommandError("the database benchmark failed")
        finally:
            with admin.cursor() as cursor:
                cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            admin.close()

    def database_figures(self, count):
        from django.db import connection

        call_command("migrate", verbosity=0, interactive=False)
        index_page = build_site()
        rng = random.Random(51)
        terms = synthetic_terms(rng, count)
        add_entries(index_page, terms[:10], rng)
        small = page_query_counts(index_page)
        add_entries(index_page, terms[10:], rng, start=10)
        if connection.vendor == "postgresql":
            # Autovacuum would do it within a minute on a real site; the bench cannot wait for it.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        large = page_query_counts(index_page)
        for label, key in (("index", "index"), ("lettre", "letter"), ("entrée", "entry")):
            same = "identiques" if small[key] == large[key] else "DIFFÉRENTES"
            self.stdout.write(
                f"Requêtes SQL, page {label} : {small[key]} à 10 entrées, {large[key]} à {count} entrées ({same})"
            )
        if connection.vendor != "postgresql":
            self.stdout.write("Recherche : ignorée, la base jetable n’est pas PostgreSQL.")
            return
        self.search_figures(terms, rng)

    def search_figures(self, terms, rng):
        from django.db import connection

        from glossary.models import GlossaryEntryPage
        from glossary.search import search_entries

        queries = []
        for number in range(SEARCH_QUERIES):
            term = rng.choice(terms)
            kind = number % 4
            if kind == 0:
                queries.append(term)
            elif kind == 1:
                queries.append(term.split()[0][:5])
            elif kind == 2:
                word = term.split()[0]
                position = rng.randrange(1, len(word))
                queries.append(word[:position] + word[position + 1 :])
            else:
                queries.append("l’" + term.upper())
        search_entries(GlossaryEntryPage.objects.live().public(), queries[0])
        timings = []
        found = 0
        for query in queries:
            started = time.perf_counter()
            results = search_entries(GlossaryEntryPage.objects.live().public(), query, limit=20)
            timings.append((time.perf_counter() - started) * 1000)
            found += bool(results)
        self.stdout.write(
            f"Recherche ({connection.vendor}, {len(queries)} requêtes, {found} avec résultat) : "
            f"p50 {statistics.median(timings):.1f} ms, p95 {percentile(timings, 0.95):.1f} ms (cible p95 ≤ 30 ms)"
        )


def build_site():
    from wagtail.models import Page, Site

    from agency_site.models import HomePage
    from glossary.models import GlossaryIndexPage

    root = Page.get_first_root_node()
    home = HomePage(title="Accueil", slug="accueil-bench", hero_title="Bench", hero_text="<p>Bench</p>")
    root.add_child(instance=home)
    Site.objects.all().delete()
    Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="50A")
    index_page = GlossaryIndexPage(title="Glossaire", slug="glossaire", intro="Bench")
    home.add_child(instance=index_page)
    return index_page


def add_entries(index_page, terms, rng, start=0):
    """Insert entries in bulk: rows written directly, tree paths computed as treebeard would."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import transaction
    from django.utils.text import slugify
    from wagtail.models import Locale, Page

    from agency_site.pagecache.invalidation import bump_content_version
    from glossary.models import GlossaryEntryPage

    index_page.refresh_from_db()
    content_type = ContentType.objects.get_for_model(GlossaryEntryPage)
    locale = Locale.get_default()
    local_fields = [field for field in GlossaryEntryPage._meta.local_concrete_fields]
    with transaction.atomic():
        for offset in range(0, len(terms), 1000):
            chunk = terms[offset : offset + 1000]
            entries = []
            for position, term in enumerate(chunk, start=index_page.numchild + 1):
                slug = f"{slugify(term)[:40]}-{start + offset + position}"
                entry = GlossaryEntryPage(
                    title=term,
                    draft_title=term,
                    slug=slug,
                    path=GlossaryEntryPage._get_path(index_page.path, index_page.depth + 1, position),
                    depth=index_page.depth + 1,
                    numchild=0,
                    url_path=f"{index_page.url_path}{slug}/",
                    live=True,
                    content_type=content_type,
                    locale=locale,
                    short_definition=f"Définition de {term}, un terme du marketing digital.",
                    synonyms=f"{term} pro\n{rng.choice(SYLLABLES)}{term[:4]}",
                    body=[{"type": "paragraph", "value": f"<p>{term} et le reste.</p>"}],
                )
                entry.refresh_search_columns()
                entries.append(entry)
            pages = Page.objects.bulk_create([Page(**page_values(entry)) for entry in entries])
            for entry, page in zip(entries, pages, strict=True):
                entry.page_ptr_id = entry.pk = page.pk
            GlossaryEntryPage.objects.all()._batched_insert(entries, local_fields, batch_size=500)
            index_page.numchild += len(chunk)
            Page.objects.filter(pk=index_page.pk).update(numchild=index_page.numchild)
    # Rows written without signals: say the content changed, as publishing them would, so no kept letter bar is stale.
    bump_content_version("bench entries inserted")


def page_values(entry):
    from wagtail.models import Page

    return {
        field.attname: getattr(entry, field.attname) for field in Page._meta.concrete_fields if field.attname != "id"
    }


def page_query_counts(index_page):
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from glossary.models import GlossaryEntryPage

    client = Client(HTTP_HOST="localhost")
    entry = GlossaryEntryPage.objects.child_of(index_page).order_by("path").first()
    letter = entry.letter.lower()
    urls = {"index": "/glossaire/", "letter": f"/glossaire/lettre/{letter}/", "entry": f"/glossaire/{entry.slug}/"}
    counts = {}
    for key, url in urls.items():
        client.get(url)
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        if response.status_code != 200:
            raise CommandError(f"{url} answered {response.status_code}")
        counts[key] = len(captured)
    return counts
