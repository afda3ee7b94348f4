"""`manage.py bench_http`: wrk against gunicorn on 127.0.0.1, with the page cache off then on; prints the figures."""

import http.client
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from html.parser import HTMLParser
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from benchmarks.machine import load_average, machine_summary
from glossary.models import GlossaryEntryPage, GlossaryIndexPage
from services.models import ServicePage

TARGET_RATIO = 0.8
TARGET_QUERIES = 8
# Without Redis, Wagtail's site root paths, kept in the shared cache, are one more read of the django_cache table
# per uncached render: the measured price of the embedded default (docs/cache-de-pages.md).
TARGET_QUERIES_EMBEDDED = TARGET_QUERIES + 1
TARGET_ENTRY_BYTES = 60 * 1024
REQUESTS_PER_SECOND = re.compile(r"Requests/sec:\s+([\d.]+)")
NON_2XX = re.compile(r"Non-2xx or 3xx responses:\s+(\d+)")
P99 = re.compile(r"^\s+99%\s+(\S+)", re.MULTILINE)


class AssetLinks(HTMLParser):
    """The stylesheets and scripts a page makes the browser download."""

    def __init__(self):
        super().__init__()
        self.urls = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "link" and attributes.get("rel") == "stylesheet" and attributes.get("href"):
            self.urls.append(attributes["href"])
        elif tag == "script" and attributes.get("src"):
            self.urls.append(attributes["src"])


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def run_wrk(port, path, threads, connections, seconds, options=(), core=None):
    """wrk's report of `seconds` of keep-alive requests to one address on 127.0.0.1; wrk on that core alone when
    given (bench_publish keeps it off the servers' core)."""
    if shutil.which("wrk") is None:
        raise CommandError("wrk is missing: `make wrk` installs it (Debian package).")
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", *options, f"http://127.0.0.1:{port}{path}"]
    if core is not None:
        command = ["taskset", "-c", str(core), *command]
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout  # noqa: S603


def fetch(port, path, headers=None):
    client = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        client.request("GET", path, headers=headers or {})
        response = client.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        client.close()


class Command(BaseCommand):
    help = "Benchmark the site over HTTP with wrk against gunicorn on 127.0.0.1 and print the figures."

    def add_arguments(self, parser):
        parser.add_argument("--duration", type=int, default=10, help="seconds per wrk run")
        parser.add_argument("--connections", type=int, default=16)
        parser.add_argument("--threads", type=int, default=2, help="wrk threads")

    def handle(self, *args, **options):
        self.options = options
        if not shutil.which("wrk"):
            raise CommandError("wrk is missing: `make wrk` installs it (Debian package).")
        self.load_before = load_average()
        pages = self.pages()
        queries = {name: self.count_queries(url) for name, url in pages.items()}

        with self.gunicorn(page_cache=False) as port:
            uncached = {name: self.wrk(port, url) for name, url in pages.items()}
            _status, _headers, entry_html = fetch(port, pages["entry"])
        static_copy = Path(settings.STATIC_ROOT) / "bench" / "entry-page-copy.html"
        static_copy.parent.mkdir(parents=True, exist_ok=True)
        static_copy.write_bytes(entry_html)

        with self.gunicorn(page_cache=True) as port:
            # Every worker must hold the page (each has its own copy, and its own cache without Redis).
            for _attempt in range(100):
                _status, headers, _body = fetch(port, pages["entry"])
            if headers.get("X-Page-Cache") != "hit":
                raise CommandError(f"the entry page is not served from the page cache: {headers}")
            cached = self.wrk(port, pages["entry"])
            static = self.wrk(port, f"{settings.STATIC_URL}bench/entry-page-copy.html")
            weight = self.entry_weight(port, pages["entry"])
        self.report(pages, queries, uncached, cached, static, weight, len(entry_html))

    def pages(self):
        entry = GlossaryEntryPage.objects.live().public().order_by("path").first()
        index = GlossaryIndexPage.objects.live().public().first()
        service = ServicePage.objects.live().public().order_by("path").first()
        if not (entry and index and service):
            raise CommandError("No demo content: run `make demo` first.")
        return {"entry": entry.get_url(None), "index": index.get_url(None), "service": service.get_url(None)}

    def count_queries(self, url):
        """Queries for one uncached view, after a first request has warmed Wagtail's site lookups."""
        client = Client(HTTP_HOST="127.0.0.1")
        with override_settings(PAGE_CACHE_ENABLED=False, ALLOWED_HOSTS=["127.0.0.1"]):
            client.get(url)
            with CaptureQueriesContext(connection) as captured:
                response = client.get(url)
        if response.status_code != 200:
            raise CommandError(f"{url} answered {response.status_code}")
        return len(captured.captured_queries)

    @contextmanager
    def gunicorn(self, page_cache):
        port = free_port()
        environment = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "agency_site.settings.production",
            "SECRET_KEY": os.environ.get("SECRET_KEY") or secrets.token_urlsafe(50),
            "SECURE_SSL_REDIRECT": "False",
            "ALLOWED_HOSTS": "127.0.0.1",
            "PAGE_CACHE_ENABLED": "True" if page_cache else "False",
            "GUNICORN_ACCESS_LOG": "off",
            "GUNICORN_LOG_LEVEL": "warning",
            "LOG_LEVEL": "WARNING",
        }
        process = subprocess.Popen(  # noqa: S603 (fixed arguments, no shell)
            [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "--bind", f"127.0.0.1:{port}"],
            cwd=settings.BASE_DIR,
            env=environment,
        )
        try:
            self.wait_until_healthy(process, port)
            yield port
        finally:
            process.terminate()
            process.wait(timeout=30)

    def wait_until_healthy(self, process, port):
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise CommandError(f"gunicorn exited with {process.returncode}")
            try:
                if fetch(port, "/healthz")[0] == 200:
                    return
            except OSError:
                time.sleep(0.2)
        raise CommandError("gunicorn never answered /healthz")

    def wrk(self, port, path):
        options = self.options
        output = run_wrk(
            port, path, options["threads"], options["connections"], options["duration"], options=("--latency",)
        )
        errors = NON_2XX.search(output)
        if errors:
            raise CommandError(f"{path}: {errors.group(1)} responses were not 2xx/3xx")
        p99 = P99.search(output)
        return {"rps": float(REQUESTS_PER_SECOND.search(output).group(1)), "p99": p99.group(1) if p99 else "?"}

    def entry_weight(self, port, path):
        """Bytes on the wire for the entry page's HTML, CSS and JS, gzip-compressed, images excluded."""
        gzip_only = {"Accept-Encoding": "gzip"}
        _status, headers, html = fetch(port, path, gzip_only)
        weights = {"HTML": len(html)}
        _status, _headers, plain = fetch(port, path)
        links = AssetLinks()
        links.feed(plain.decode())
        for url in links.urls:
            status, asset_headers, body = fetch(port, url, gzip_only)
            if status != 200:
                raise CommandError(f"{url} answered {status}")
            weights[url] = len(body)
        return weights

    def report(self, pages, queries, uncached, cached, static, weight, html_bytes):
        write = self.stdout.write
        workers = os.environ.get("WEB_CONCURRENCY", str(os.cpu_count() * 2 + 1))
        cache_backend = (
            "Redis"
            if os.environ.get("REDIS_URL")
            else "embarqué (version dans la table django_cache, pages dans la mémoire de chaque worker)"
        )
        database = connection.vendor
        write("")
        write(f"Machine : {machine_summary()}")
        write(f"Charge moyenne (1 / 5 / 15 min) : {self.load_before} au début, {load_average()} à la fin")
        write(
            f"gunicorn : {workers} workers gthread × {os.environ.get('GUNICORN_THREADS', '4')} threads ; "
            f"cache : {cache_backend} ; base : {database}"
        )
        duration, connections = self.options["duration"], self.options["connections"]
        write(f"wrk : {self.options['threads']} threads, {connections} connexions, {duration} s par mesure")
        write("")
        ratio = cached["rps"] / static["rps"]
        write(f"Entrée en cache {pages['entry']} : {cached['rps']:.0f} req/s (p99 {cached['p99']})")
        write(f"Fichier statique de même taille ({html_bytes} octets, WhiteNoise) : {static['rps']:.0f} req/s")
        verdict = "OK" if ratio >= TARGET_RATIO else "HORS OBJECTIF"
        write(f"Rapport cache / statique : {ratio:.2f} (objectif ≥ {TARGET_RATIO}) {verdict}")
        write("")
        target = TARGET_QUERIES if os.environ.get("REDIS_URL") else TARGET_QUERIES_EMBEDDED
        for name, label in (("entry", "Entrée"), ("index", "Index du glossaire"), ("service", "Offre")):
            count = queries[name]
            verdict = "OK" if count <= target else "HORS OBJECTIF"
            write(
                f"{label} sans cache {pages[name]} : {uncached[name]['rps']:.0f} req/s (p99 {uncached[name]['p99']}), "
                f"{count} requêtes SQL (objectif ≤ {target}) {verdict}"
            )
        if target != TARGET_QUERIES:
            write(f"(objectif avec Redis : ≤ {TARGET_QUERIES} ; sans Redis, +1 lecture de la table django_cache)")
        write("")
        total = sum(weight.values())
        for name, size in weight.items():
            write(f"  {name} : {size / 1024:.1f} Ko compressés")
        verdict = "OK" if total <= TARGET_ENTRY_BYTES else "HORS OBJECTIF"
        write(
            f"Poids de l’entrée (HTML + CSS + JS, gzip, sans images) : {total / 1024:.1f} Ko "
            f"(objectif ≤ {TARGET_ENTRY_BYTES // 1024} Ko) {verdict}"
        )
