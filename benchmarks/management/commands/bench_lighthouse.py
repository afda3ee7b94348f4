"""Lighthouse (mobile) on every public page type, served by `make serve-prod`: prints the four scores per page."""

import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from benchmarks.database import throwaway_database

PAGE_TYPES = [
    ("accueil", "/"),
    ("glossaire", "/glossaire/"),
    ("lettre", "/glossaire/lettre/a/"),
    ("entrée", "/glossaire/agence-community-management/"),
    ("recherche", "/glossaire/recherche/?q=community"),
    ("offres", "/offres/"),
    ("offre", "/offres/social-media/"),
    ("contact", "/contact/"),
]
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]


class Command(BaseCommand):
    help = "Serve the site with `make serve-prod` and run Lighthouse (mobile) on every page type."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8010)
        parser.add_argument("--chromium", default=os.environ.get("CHROME_PATH", "/usr/bin/chromium"))
        parser.add_argument(
            "--lighthouse",
            default=str(Path(settings.BASE_DIR) / "node_modules" / ".bin" / "lighthouse"),
            help="the Lighthouse command (`make lighthouse` installs it in node_modules)",
        )
        parser.add_argument(
            "--entries",
            type=int,
            default=0,
            help="audit the glossary pages with the demo plus this many synthetic entries (bench_glossary's "
            "generator), served from a throwaway PostgreSQL database",
        )
        parser.add_argument(
            "--pages", default="", help="only these page types, comma separated (e.g. glossaire,lettre)"
        )
        parser.add_argument(
            "--runs", type=int, default=3, help="Lighthouse runs per page; the run with the median performance is kept"
        )

    def handle(self, *args, port, chromium, lighthouse, runs, entries, pages, **options):
        lighthouse = Path(lighthouse)
        if not lighthouse.exists():
            raise CommandError("Lighthouse is missing: run `make lighthouse` (it installs it).")
        page_types = [(name, path) for name, path in PAGE_TYPES if not pages or name in pages.split(",")]
        if not entries:
            self.audit_site(lighthouse, port, chromium, runs, page_types, {})
            return
        with throwaway_database("bench_lighthouse") as url:
            environment = {**os.environ, "DATABASE_URL": url, "LOG_LEVEL": "WARNING"}
            environment.pop("DJANGO_SETTINGS_MODULE", None)
            for command in (
                ["migrate", "--noinput", "-v0"],
                ["load_demo_content"],
                ["bench_glossary", "--fill", "--entries", str(entries)],
            ):
                subprocess.run(  # noqa: S603 - fixed command
                    [sys.executable, "manage.py", *command],
                    cwd=settings.BASE_DIR,
                    env=environment,
                    stdout=subprocess.DEVNULL,
                    check=True,
                )
            self.stdout.write(f"Glossaire : démo + {entries} entrées synthétiques")
            glossary_pages = [(name, path) for name, path in page_types if path.startswith("/glossaire/")]
            self.audit_site(lighthouse, port, chromium, runs, glossary_pages, {"DATABASE_URL": url})

    def audit_site(self, lighthouse, port, chromium, runs, page_types, extra_environment):
        base_dir = Path(settings.BASE_DIR)
        reports = base_dir / "test-artifacts" / "lighthouse"
        reports.mkdir(parents=True, exist_ok=True)
        root = f"http://127.0.0.1:{port}"

        # The site as in production, but on plain HTTP and indexable on 127.0.0.1 so the SEO audit sees real pages.
        env = {
            **os.environ,
            **extra_environment,
            "INDEXABLE_HOSTS": "127.0.0.1",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
        }
        env.pop("DJANGO_SETTINGS_MODULE", None)
        with open(reports / "serve-prod.log", "w") as log:
            server = subprocess.Popen(  # noqa: S603 - fixed command
                ["make", "--no-print-directory", "serve-prod", f"PORT={port}"],  # noqa: S607
                cwd=base_dir,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
            try:
                self.wait_until_up(root, server)
                rows = [
                    self.median_audit(lighthouse, chromium, name, root + path, reports, runs)
                    for name, path in page_types
                ]
            finally:
                os.killpg(server.pid, signal.SIGTERM)
                server.wait(timeout=30)
        self.print_table(rows)

    def wait_until_up(self, root, server, timeout=900):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if server.poll() is not None:
                raise CommandError("`make serve-prod` stopped: see test-artifacts/lighthouse/serve-prod.log")
            try:
                with urllib.request.urlopen(root + "/", timeout=5) as response:  # noqa: S310 - local server
                    if response.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(1)
        raise CommandError(f"{root} did not answer within {timeout} s")

    def median_audit(self, lighthouse, chromium, name, url, reports, runs):
        """Lighthouse's own advice: scores vary from run to run, report the median of several."""
        # A first request warms the page cache, as a visitor arriving from a search engine would find it.
        urllib.request.urlopen(url, timeout=120).close()  # noqa: S310 - local server
        results = sorted(
            (self.audit(lighthouse, chromium, name, url, reports, run) for run in range(runs)),
            key=lambda row: row[2]["performance"],
        )
        median = results[len(results) // 2]
        (reports / f"{name}.json").write_text((reports / f"{name}-{median[4]}.json").read_text())
        return median[:4]

    def audit(self, lighthouse, chromium, name, url, reports, run, attempts=3):
        report_file = reports / f"{name}-{run}.json"
        for attempt in range(1, attempts + 1):
            # Lighthouse sometimes fails to record a trace (NO_NAVSTART…) and asks to be run again.
            if self.run_lighthouse(lighthouse, chromium, url, report_file):
                break
            if attempt == attempts:
                raise CommandError(f"Lighthouse failed {attempts} times on {url}")
        report = json.loads(report_file.read_text())
        scores = {key: round((report["categories"][key]["score"] or 0) * 100) for key in CATEGORIES}
        failing = [
            audit["id"]
            for audit in report["audits"].values()
            if audit.get("score") is not None
            and audit["score"] < 1
            and audit.get("scoreDisplayMode") in ("binary", "numeric", "metricSavings")
        ]
        return name, url, scores, failing, run

    def run_lighthouse(self, lighthouse, chromium, url, report_file):
        completed = subprocess.run(  # noqa: S603 - fixed command
            [
                str(lighthouse),
                url,
                "--quiet",
                "--output=json",
                f"--output-path={report_file}",
                f"--only-categories={','.join(CATEGORIES)}",
                "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
            ],
            env={**os.environ, "CHROME_PATH": chromium},
            timeout=300,
        )
        return completed.returncode == 0

    def print_table(self, rows):
        self.stdout.write(f"{'page':<12} {'perf':>5} {'a11y':>5} {'b.p.':>5} {'seo':>5}  audits below 100")
        for name, _url, scores, failing in rows:
            self.stdout.write(
                f"{name:<12} "
                + " ".join(f"{scores[key]:>5}" for key in CATEGORIES)
                + f"  {', '.join(failing[:6]) or '-'}"
            )
