"""manage.py bench_glossary: auto-linking, search, import speed, and the glossary pages' weight, DOM and render time."""

import csv
import gc
import io
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils.text import slugify

from agency_site.autolinking.matcher import LinkTarget, TermMatcher
from benchmarks.database import throwaway_database
from benchmarks.machine import machine_summary

ENTRY_COUNT = 10_000
# The glossary's size before the large one: about the demo's.
SMALL = 10
RENDERS = 20
BODY_WORDS = 3_000
SEARCH_QUERIES = 200

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
        parser.add_argument(
            "--import-rows",
            type=int,
            default=ENTRY_COUNT,
            help="how many of the entries come through import_glossary (timed); the others are written in bulk",
        )
        parser.add_argument(
            "--fill", action="store_true", help="internal: add --entries synthetic entries to this database's glossary"
        )
        parser.add_argument("--inner", action="store_true", help="internal: run inside the throwaway database")
        parser.add_argument("--skip-database", action="store_true", help="only the in-memory auto-linking figure")

    def handle(self, entries, import_rows, fill, inner, skip_database, **options):
        if fill:
            from glossary.models import GlossaryIndexPage

            add_entries(GlossaryIndexPage.objects.get(), synthetic_terms(random.Random(51), entries), random.Random(52))
            return
        if inner:
            # The large glossary: the small one, then the imported rows (or bulk ones).
            self.database_figures(SMALL + entries, import_rows)
            return
        self.stdout.write(f"Machine : {machine_summary()}")
        self.linking_figures(entries)
        if not skip_database:
            self.run_in_throwaway_database(entries, import_rows)

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

    def run_in_throwaway_database(self, count, import_rows):
        import psycopg2

        try:
            with throwaway_database("bench_glossary") as url:
                environment = {
                    **os.environ,
                    "DATABASE_URL": url,
                    "PAGE_CACHE_ENABLED": "0",
                    "REDIS_URL": "",
                    "LOG_LEVEL": "WARNING",
                }
                command = [
                    sys.executable,
                    "manage.py",
                    "bench_glossary",
                    "--inner",
                    "--entries",
                    str(count),
                    "--import-rows",
                    str(import_rows),
                ]
                result = subprocess.run(command, env=environment, cwd=settings.BASE_DIR, check=False)  # noqa: S603 - fixed argv
                if result.returncode:
                    raise CommandError("the database benchmark failed")
        except psycopg2.OperationalError as error:
            self.stdout.write(f"Recherche et requêtes SQL : ignorées, PostgreSQL injoignable ({error}).")

    def database_figures(self, count, import_rows):
        from django.db import connection

        call_command("migrate", verbosity=0, interactive=False)
        index_page = build_site()
        rng = random.Random(51)
        terms = synthetic_terms(rng, count)
        add_entries(index_page, terms[:SMALL], rng)
        small = page_query_counts(index_page)
        small_pages = page_figures(index_page)
        imported = min(import_rows, count - SMALL)
        add_entries(index_page, terms[SMALL : count - imported], rng, start=SMALL)
        if imported:
            self.import_figure(terms[count - imported :], rng)
        if connection.vendor == "postgresql":
            # Autovacuum would do it within a minute on a real site; the bench cannot wait for it.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        large = page_query_counts(index_page)
        large_pages = page_figures(index_page)
        for label, key in (("index", "index"), ("lettre", "letter"), ("entrée", "entry")):
            same = "identiques" if small[key] == large[key] else "DIFFÉRENTES"
            self.stdout.write(
                f"Requêtes SQL, page {label} : {small[key]} à {SMALL} entrées, {large[key]} à {count} entrées ({same})"
            )
        self.print_page_figures(small_pages, SMALL)
        self.print_page_figures(large_pages, count)
        if connection.vendor != "postgresql":
            self.stdout.write("Recherche : ignorée, la base jetable n’est pas PostgreSQL.")
            return
        self.search_figures(terms, rng)

    def import_figure(self, terms, rng):
        """The rows through `manage.py import_glossary`, as an editor's CSV file would bring them."""
        with tempfile.TemporaryDirectory() as folder:
            source = Path(folder) / "glossaire.csv"
            with source.open("w", encoding="utf-8", newline="") as file:
                writer = csv.writer(file)
                writer.writerow(["slug", "title", "short_definition", "synonyms"])
                for number, term in enumerate(terms):
                    writer.writerow(
                        [f"import-{number}", term, f"Définition de {term}.", f"{term} pro|{rng.choice(SYLLABLES)}"]
                    )
            started = time.perf_counter()
            call_command("import_glossary", str(source), "--no-progress", stdout=io.StringIO())
            elapsed = time.perf_counter() - started
        self.stdout.write(
            f"Import : {len(terms)} lignes par import_glossary en {elapsed:.0f} s, {len(terms) / elapsed:.1f} lignes/s"
        )

    def print_page_figures(self, figures, count):
        entry_ms = figures["entry"]["render_ms"]
        for label, key in (("index", "index"), ("lettre", "letter"), ("entrée", "entry"), ("recherche", "search")):
            figure = figures[key]
            ratio = f" = {figure['render_ms'] / entry_ms:.1f}× l’entrée (cible ≤ 5×)" if key == "index" else ""
            self.stdout.write(
                f"Page {label} à {count} entrées ({figure['url']}) : {figure['gzip_bytes'] / 1000:.1f} Ko gzip "
                f"(cible ≤ 100), {figure['dom_nodes']} nœuds DOM (cible ≤ 1 500), "
                f"rendu sans cache médiane {figure['render_ms']:.1f} ms{ratio}"
            )

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
    from glossary.models import GlossaryEntryPage
    from glossary.tests.bulk import bulk_add_entries

    bulk_add_entries(
        index_page,
        [
            GlossaryEntryPage(
                title=term,
                slug=f"{slugify(term)[:40]}-{start + number}",
                short_definition=f"Définition de {term}, un terme du marketing digital.",
                synonyms=f"{term} pro\n{rng.choice(SYLLABLES)}{term[:4]}",
                body=[{"type": "paragraph", "value": f"<p>{term} et le reste.</p>"}],
            )
            for number, term in enumerate(terms)
        ],
    )


def measured_urls(index_page):
    """The index, the first page of a letter, an entry and a search for its first word: the same at every size."""
    from glossary.models import GlossaryEntryPage

    entry = GlossaryEntryPage.objects.child_of(index_page).order_by("path").first()
    return {
        "index": "/glossaire/",
        "letter": f"/glossaire/lettre/{entry.letter.lower()}/",
        "entry": f"/glossaire/{entry.slug}/",
        "search": f"/glossaire/recherche/?{urlencode({'q': entry.title.split()[0]})}",
    }


def page_figures(index_page, renders=RENDERS):
    """{page: url, gzip bytes, DOM elements (what Lighthouse counts), median render time without the page cache}."""
    from bs4 import BeautifulSoup
    from django.test import Client
    from django.utils.text import compress_string

    client = Client(HTTP_HOST="localhost")
    figures = {}
    for key, url in measured_urls(index_page).items():
        client.get(url)
        timings = []
        for _ in range(renders):
            started = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise CommandError(f"{url} answered {response.status_code}")
        figures[key] = {
            "url": url,
            "gzip_bytes": len(compress_string(response.content)),
            "dom_nodes": len(BeautifulSoup(response.content, "html.parser").find_all(True)),
            "render_ms": statistics.median(timings),
        }
    return figures


def page_query_counts(index_page):
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="localhost")
    counts = {}
    for key, url in measured_urls(index_page).items():
        client.get(url)
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        if response.status_code != 200:
            raise CommandError(f"{url} answered {response.status_code}")
        counts[key] = len(captured)
    return counts
