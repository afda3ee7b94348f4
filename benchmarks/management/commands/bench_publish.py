"""`manage.py bench_publish`: traffic over 1,000 glossary URLs at 10,000 entries, a publish in the middle."""

import http.client
import json
import os
import random
import secrets
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import NamedTuple

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from benchmarks.machine import machine_summary
from benchmarks.management.commands.bench_glossary import percentile
from benchmarks.management.commands.bench_http import REQUESTS_PER_SECOND, free_port, run_wrk

WINDOW_SECONDS = 10
P99_TARGET_RATIO = 3
CEILING_TARGET_RATIO = 0.9
CEILING_RUNS = 5
# After the publish, the pages it changed are never served from before: the last such answer this soon at most.
OUTDATED_TARGET_SECONDS = 5
# Entries associated with the one published: their pages show its definition, so the publish changes them too.
ASSOCIATED_ENTRIES = 5


class Sample(NamedTuple):
    """One visitor's request during the replay."""

    started: float
    latency: float
    status: int
    outcome: str  # X-Page-Cache: hit, miss, stale
    path: str
    tag: str  # content_tag of the answer


# Headers gunicorn writes itself, whatever the application answers.
SERVER_HEADERS = {"date", "server", "connection", "keep-alive", "transfer-encoding"}


class Command(BaseCommand):
    help = "Replay traffic over 1,000 glossary URLs at 10,000 entries under gunicorn, publish in the middle."

    def add_arguments(self, parser):
        parser.add_argument("--entries", type=int, default=10_000)
        parser.add_argument("--urls", type=int, default=1_000)
        parser.add_argument("--clients", type=int, default=8, help="concurrent keep-alive connections")
        parser.add_argument(
            "--windows", type=int, default=10, help="windows of 10 s measured after the publish (until all are hits)"
        )
        parser.add_argument("--build", help=argparse_hidden())
        parser.add_argument("--publish", action="store_true", help=argparse_hidden())

    def handle(self, entries, urls, clients, windows, build, publish, **options):
        self.masters = {}
        if build:
            return self.build(entries)
        if publish:
            return self.publish_one_entry()
        if os.environ.get("REDIS_URL"):
            # Without it the cache would be off, silently (IGNORE_EXCEPTIONS), and every figure a render.
            import redis

            try:
                redis.Redis.from_url(os.environ["REDIS_URL"], socket_connect_timeout=2).ping()
            except redis.RedisError as error:
                raise CommandError(f"Redis unreachable at REDIS_URL ({error}): start it, or unset REDIS_URL") from error
        with tempfile.TemporaryDirectory() as folder:
            environment = self.environment(Path(folder))
            try:
                figures = self.measure(environment, Path(folder), entries, urls, clients, windows)
            finally:
                forget_cached_keys(environment)
        self.report(entries, urls, clients, *figures)

    def measure(self, environment, folder, entries, urls, clients, windows):
        """(before, windows after, last stale answer, outdated answers, ceiling runs, static rps, pinned costs)."""
        self.manage(environment, "migrate", "--noinput", "-v0")
        self.manage(with_benchmarks(environment), "bench_publish", "--build", "yes", "--entries", str(entries))
        # The build's writes are edits: a publish within PAGE_CACHE_STALE_SECONDS of them would belong to their
        # window (version.py), which started then. The publish measured comes after it, on its own.
        built_at = time.time()
        self.manage(environment, "collectstatic", "--noinput", "-v0")
        with self.gunicorn(environment, "agency_site.wsgi:application") as port:
            paths = self.entry_paths(environment, urls)
            before, after, last_stale, outdated = self.replay(port, paths, clients, environment, windows, built_at)
            _status, headers, body = http_get(port, paths[0])
        static = folder / "static" / "bench-page.html"
        static.write_bytes(body)
        # The bare application answers the same bytes: the page's own headers too (CSP, cache validators…),
        # not those gunicorn adds to every answer.
        page_headers = folder / "bench-page-headers.json"
        page_headers.write_text(
            json.dumps([(name, value) for name, value in headers.items() if name.lower() not in SERVER_HEADERS])
        )
        bare_environment = {**environment, "BARE_WSGI_BODY": str(static), "BARE_WSGI_HEADERS": str(page_headers)}
        with (
            self.gunicorn(environment, "agency_site.wsgi:application") as port,
            self.gunicorn(bare_environment, "benchmarks.bare_wsgi:application") as bare_port,
        ):
            http_get(port, paths[0])
            static_rps = self.throughput(port, "/static/bench-page.html", clients)
            # Both ceilings measured in turns, the best run of each: on a shared machine, the load changes
            # from one run to the next, and a ratio of runs made minutes apart measures that too (alternated).
            # The bare application answers any path: it is asked the same request line as the page, so that
            # gunicorn parses the same request for both.
            servers = [("cached", port), ("bare", bare_port)]
            runs = {"cached": [], "bare": []}
            for name, server_port in alternated(servers):
                runs[name].append(self.throughput(server_port, paths[0], clients))
            costs = self.pinned_costs(servers, paths[0], clients)
        return before, after, last_stale, outdated, runs, static_rps, costs

    def environment(self, folder):
        environment = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
        environment.update(
            DJANGO_SETTINGS_MODULE="agency_site.settings.production",
            DATABASE_URL=os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{folder / 'bench.sqlite3'}",
            SECRET_KEY=secrets.token_urlsafe(50),
            SECURE_SSL_REDIRECT="False",
            ALLOWED_HOSTS="127.0.0.1",
            STATIC_ROOT=str(folder / "static"),
            MEDIA_ROOT=str(folder / "media"),
            # Keys of its own in Redis: its database is a new one, and another database's cached state (Wagtail's site
            # roots, menus keyed by content version) must not answer for it, nor its state for another's afterwards.
            CACHE_KEY_PREFIX=f"bench-publish-{secrets.token_hex(6)}",
            GUNICORN_ACCESS_LOG="off",
            GUNICORN_LOG_LEVEL="warning",
            LOG_LEVEL="WARNING",
            WAGTAILADMIN_BASE_URL="http://127.0.0.1",
            # The uncached index at 10,000 entries renders in seconds on a loaded machine: not a stuck worker.
            GUNICORN_TIMEOUT="120",
        )
        return environment

    def manage(self, environment, *arguments):
        result = subprocess.run(  # noqa: S603 (fixed arguments, no shell)
            [sys.executable, "manage.py", *arguments], cwd=settings.BASE_DIR, env=environment, capture_output=True
        )
        if result.returncode:
            raise CommandError(f"manage.py {' '.join(arguments)}: {result.stderr.decode()[-2000:]}")
        return result.stdout.decode()

    def build(self, count):
        from benchmarks.management.commands.bench_glossary import add_entries, build_site, synthetic_terms
        from glossary.models import GlossaryEntryPage, GlossaryRelatedEntry

        rng = random.Random(13)
        add_entries(build_site(), synthetic_terms(rng, count), rng)
        # The entry the bench publishes lists a few others, as an editor's entry does: each shows it in return.
        published, *associated = GlossaryEntryPage.objects.order_by("pk")[: ASSOCIATED_ENTRIES + 1]
        GlossaryRelatedEntry.objects.bulk_create(
            GlossaryRelatedEntry(entry=published, related=entry, sort_order=position)
            for position, entry in enumerate(associated)
        )

    def publish_one_entry(self):
        from glossary.models import GlossaryEntryPage

        entry = GlossaryEntryPage.objects.live().order_by("pk").first()
        entry.short_definition = f"{entry.short_definition} Revue le {time.strftime('%d/%m/%Y à %H:%M:%S')}."
        entry.save_revision().publish()
        # Committed now (autocommit): the bench's window after the publish starts here, not when this process exits.
        self.stdout.write(f"published-at {time.time()}")

    def entry_paths(self, environment, count):
        # The entry published and those associated with it first, then entries at random.
        code = (
            "from glossary.models import GlossaryEntryPage;"
            f"first = list(GlossaryEntryPage.objects.order_by('pk')[:{ASSOCIATED_ENTRIES + 1}]);"
            "others = GlossaryEntryPage.objects.live().exclude(pk__in=[p.pk for p in first]).order_by('?');"
            f"print('\\n'.join(p.url_path.removeprefix('/accueil-bench') for p in "
            f"[*first, *others[:{count - 28 - ASSOCIATED_ENTRIES - 1}]]))"
        )
        # The shell may print notices before the list: only the lines that are glossary paths count.
        entries = [
            line for line in self.manage(environment, "shell", "-c", code).split() if line.startswith("/glossaire/")
        ]
        letters = [f"/glossaire/lettre/{letter}/" for letter in "abcdefghijklmnopqrstuvwxyz"]
        return ["/glossaire/", "/", *letters, *entries][:count]

    @contextmanager
    def gunicorn(self, environment, application):
        port = free_port()
        process = subprocess.Popen(  # noqa: S603 (fixed arguments, no shell)
            [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "--bind", f"127.0.0.1:{port}", application],
            cwd=settings.BASE_DIR,
            env=environment,
        )
        try:
            deadline = time.monotonic() + 90
            while True:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise CommandError(f"gunicorn ({application}) never answered")
                try:
                    http_get(port, "/healthz")
                    break
                except OSError:
                    time.sleep(0.2)
            self.masters[port] = process.pid
            yield port
        finally:
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()

    def replay(self, port, paths, clients, environment, window_count, built_at):
        """Visitors asking for random URLs among `paths` for a window, a publish, then another window."""
        samples = []
        stop = threading.Event()

        def visitor(seed):
            rng = random.Random(seed)
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            while not stop.is_set():
                path = rng.choice(paths)
                started = time.monotonic()
                try:
                    connection.request("GET", path, headers={"Accept-Encoding": "gzip"})
                    response = connection.getresponse()
                    response.read()
                    status, outcome = response.status, response.getheader("X-Page-Cache", "")
                    etag = content_tag(response.getheader("ETag", ""))
                except (OSError, http.client.HTTPException):
                    connection.close()
                    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                    status, outcome, etag = 0, "", ""
                samples.append(Sample(started, time.monotonic() - started, status, outcome, path, etag))
            connection.close()

        # Every page once, so that the window before the publish measures a warm cache; what each page was before it.
        before_publish = {path: content_tag(http_get(port, path)[1].get("ETag", "")) for path in paths}
        # The edit window of the build closed before the publish (an edit of its own, as on a site not being built).
        time.sleep(max(0.0, built_at + settings.PAGE_CACHE_STALE_SECONDS + 1 - WINDOW_SECONDS - time.time()))
        threads = [threading.Thread(target=visitor, args=(seed,)) for seed in range(clients)]
        for thread in threads:
            thread.start()
        time.sleep(WINDOW_SECONDS)
        publishing_from = time.monotonic()
        output = self.manage(with_benchmarks(environment), "bench_publish", "--publish")
        # The command starts Django before it publishes and may take long to exit on a busy machine: the window
        # after starts at the commit, which it prints.
        published_wall = float(next(line for line in output.splitlines() if line.startswith("published-at")).split()[1])
        published_at = time.monotonic() - (time.time() - published_wall)
        time.sleep(max(0.0, published_at + window_count * WINDOW_SECONDS - time.monotonic()))
        stop.set()
        for thread in threads:
            thread.join()
        # What each page is once the publish has been rendered everywhere: those that differ are the pages it changed.
        changed = {path for path, tag in self.final_tags(port, paths).items() if tag != before_publish[path]}
        outdated = [
            sample.started - published_at
            for sample in samples
            if sample.started >= published_at and sample.path in changed and sample.tag == before_publish[sample.path]
        ]
        before = [sample for sample in samples if publishing_from - WINDOW_SECONDS <= sample.started < publishing_from]
        windows = [
            [sample for sample in samples if start <= sample.started - published_at < start + WINDOW_SECONDS]
            for start in range(0, window_count * WINDOW_SECONDS, WINDOW_SECONDS)
        ]
        stale = [sample.started - published_at for sample in samples if sample.outcome == "stale"]
        return (
            window_figures(before),
            [window_figures(window) for window in windows],
            max(stale, default=None),
            {"changed": len(changed), "answers": len(outdated), "last": max(outdated, default=None)},
        )

    def final_tags(self, port, paths, seconds=180):
        """{path: the content tag of the page as rendered for the current version}: asked again while it is stale."""
        tags, deadline = {}, time.monotonic() + seconds
        for path in paths:
            while True:
                _status, headers, _body = http_get(port, path)
                if headers.get("X-Page-Cache") != "stale" or time.monotonic() > deadline:
                    break
                time.sleep(0.2)
            tags[path] = content_tag(headers.get("ETag", ""))
        return tags

    def throughput(self, port, path, clients):
        """Requests per second to one address over keep-alive connections, as wrk counts them."""
        output = run_wrk(port, path, threads=2, connections=clients, seconds=5)
        return float(REQUESTS_PER_SECOND.search(output).group(1))

    def pinned_costs(self, servers, path, clients):
        """{name: [CPU µs per request of each turn]}: the servers' processes on the first core, wrk on the second.

        Throughput on two shared cores measures the machine as much as the server: wrk and both servers compete
        for the same cores, and their load changes from one run to the next. A server's own CPU time per request
        (its processes' user and system time, from /proc, over the requests wrk counted) is the cost throughput is
        the inverse of, with wrk kept off the server's core. Turns alternate as above. None on a single core.
        """
        if len(os.sched_getaffinity(0)) < 2:
            return None
        server_core, client_core = sorted(os.sched_getaffinity(0))[:2]
        costs = {name: [] for name, _port in servers}
        try:
            for _name, port in servers:
                processes = process_tree(self.masters[port])
                if len(processes) < 2:
                    raise CommandError("gunicorn's workers are not visible in /proc/PID/task/*/children")
                pin(processes, {server_core})
            for name, port in alternated(servers):
                used = server_cpu_seconds(self.masters[port])
                output = run_wrk(port, path, threads=1, connections=clients, seconds=5, core=client_core)
                used = server_cpu_seconds(self.masters[port]) - used
                requests = int(output.split(" requests in ")[0].split()[-1])
                if not requests:
                    raise CommandError(f"wrk counted no request on the {name} server: {output}")
                costs[name].append(used / requests * 1e6)
        finally:
            for _name, port in servers:
                pin(process_tree(self.masters[port]), os.sched_getaffinity(0))
        return costs

    def report(self, entries, urls, clients, before, windows, last_stale, outdated, runs, static_rps, costs):
        write = self.stdout.write
        write(f"Machine : {machine_summary()}")
        store = "Redis" if os.environ.get("REDIS_URL") else "mode embarqué (mémoire de chaque worker)"
        write(
            f"{entries} entrées, {urls} URL du glossaire, {clients} connexions, publication au milieu ; cache : {store}"
        )
        named = [
            (f"{index * WINDOW_SECONDS} à {(index + 1) * WINDOW_SECONDS} s après", w) for index, w in enumerate(windows)
        ]
        for name, figures in [("10 s avant", before), *named]:
            write(
                f"  {name} : {figures['rps']:.0f} req/s, p50 {figures['p50'] * 1000:.1f} ms, "
                f"p99 {figures['p99'] * 1000:.1f} ms, {figures['errors']} erreur(s) sur {figures['count']}, "
                f"{figures['hits']} servies par le cache, {figures['stale']} par la page d’avant (modification)"
            )
        window = settings.PAGE_CACHE_STALE_SECONDS
        if last_stale is None:
            write(f"  aucune page d’avant servie (fenêtre permise : {window} s)")
        elif last_stale >= len(windows) * WINDOW_SECONDS - 1:
            write(
                f"  pages d’avant encore servies à la fin de la mesure, {last_stale:.1f} s après la publication "
                f"(fenêtre permise : {window} s ; --windows pour mesurer plus longtemps)"
            )
        else:
            write(
                f"  dernière page d’avant servie {last_stale:.1f} s après la publication (fenêtre permise : {window} s)"
            )
        if outdated["last"] is None:
            verdict = "atteint"
            seen = "jamais servies d’avant après la publication"
        else:
            verdict = "atteint" if outdated["last"] <= OUTDATED_TARGET_SECONDS else "manqué"
            seen = (
                f"servies d’avant {outdated['answers']} fois après la publication, "
                f"la dernière {outdated['last']:.1f} s après"
            )
        write(
            f"  pages que la publication a changées (contenu différent) : {outdated['changed']}, {seen} "
            f"(objectif ≤ {OUTDATED_TARGET_SECONDS} s) : {verdict}"
        )
        for name, figures in named:
            ratio = figures["p99"] / before["p99"] if before["p99"] else float("inf")
            verdict = "atteint" if ratio <= P99_TARGET_RATIO and not figures["errors"] else "manqué"
            write(f"  p99 {name} / avant : {ratio:.2f} (objectif ≤ {P99_TARGET_RATIO}, sans erreur) : {verdict}")
        cached, bare = max(runs["cached"]), max(runs["bare"])
        write(f"Page en cache : {cached:.0f} req/s ; fichier statique : {static_rps:.0f} req/s ;")
        # Each turn's two runs follow each other: their ratio shows the spread that the best of each smooths out.
        turns = [c / b for c, b in zip(runs["cached"], runs["bare"], strict=True) if b]
        write(
            f"  application WSGI nue (même requête, mêmes en-têtes et même corps, même gunicorn) : {bare:.0f} req/s "
            f"(meilleure de {CEILING_RUNS} mesures, alternées avec celles de la page en cache) ; "
            f"page en cache / nue : {ceiling_verdict(cached / bare if bare else 0, turns)}"
        )
        if costs is None:
            write("  coût processeur par requête : non mesuré (un seul cœur)")
            return
        cached_cost, bare_cost = statistics.median(costs["cached"]), statistics.median(costs["bare"])
        turns = [b / c for c, b in zip(costs["cached"], costs["bare"], strict=True) if c]
        write(
            f"  coût processeur par requête, serveurs sur un cœur et wrk sur l’autre (médiane de {CEILING_RUNS} "
            f"tours alternés) : page en cache {cached_cost:.1f} µs, application nue {bare_cost:.1f} µs ; "
            f"débit de la page en cache / nue (coût nu ÷ coût en cache) : "
            f"{ceiling_verdict(bare_cost / cached_cost if cached_cost else 0, turns)}"
        )


def forget_cached_keys(environment):
    """Delete what the run wrote in Redis (the keys under its own prefix), once its servers have stopped."""
    if not environment.get("REDIS_URL"):
        return
    import redis

    client = redis.Redis.from_url(environment["REDIS_URL"], socket_connect_timeout=2)
    try:
        keys = list(client.scan_iter(match=f"{environment['CACHE_KEY_PREFIX']}:*", count=1000))
        for start in range(0, len(keys), 1000):
            client.unlink(*keys[start : start + 1000])
    except redis.RedisError as error:
        sys.stderr.write(f"bench_publish: its keys in Redis could not be deleted ({error})\n")


def alternated(servers):
    """(name, port) of CEILING_RUNS turns over the servers; which goes first swaps on each turn, so that neither
    always runs right after the other has loaded the machine."""
    for turn in range(CEILING_RUNS):
        yield from servers if turn % 2 == 0 else servers[::-1]


def ceiling_verdict(share, turns):
    """« 0.88 (objectif ≥ 0.9) : manqué ; rapport de chaque tour : 0.86 0.87 … »."""
    verdict = "atteint" if share >= CEILING_TARGET_RATIO else "manqué"
    listed = " ".join(f"{ratio:.2f}" for ratio in sorted(turns))
    return f"{share:.2f} (objectif ≥ {CEILING_TARGET_RATIO}) : {verdict} ; rapport de chaque tour : {listed}"


def process_tree(pid):
    """A process and its descendants (gunicorn's master and its workers), as pids."""
    pids = [pid]
    try:
        tasks = list(Path(f"/proc/{pid}/task").iterdir())
    except FileNotFoundError:
        return []
    for task in tasks:
        try:
            children = (task / "children").read_text().split()
        except FileNotFoundError:
            continue
        for child in children:
            pids.extend(process_tree(int(child)))
    return pids


def pin(pids, cores):
    """Every thread of these processes on these cores (a process's affinity is its threads', one by one)."""
    for pid in pids:
        try:
            for task in Path(f"/proc/{pid}/task").iterdir():
                os.sched_setaffinity(int(task.name), cores)
        except (FileNotFoundError, ProcessLookupError):
            continue


def server_cpu_seconds(master):
    """User and system time a gunicorn server has used, in seconds: its live processes' (/proc/PID/stat, fields 14
    and 15), plus what the master's reaped workers used (fields 16 and 17). A worker recycled during a measure moves
    from the first sum to the second, instead of taking its whole life's time out of the difference."""
    total = 0
    for pid in process_tree(master):
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except FileNotFoundError:
            continue
        total += int(fields[11]) + int(fields[12])
        if pid == master:
            total += int(fields[13]) + int(fields[14])
    return total / os.sysconf("SC_CLK_TCK")


def with_benchmarks(environment):
    """The development settings (which install this app) on the same database, for the steps run by this command."""
    return {**environment, "DJANGO_SETTINGS_MODULE": "agency_site.settings.dev"}


def argparse_hidden():
    import argparse

    return argparse.SUPPRESS


def http_get(port, path):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def content_tag(etag):
    """The digest of the page's bytes in its ETag, whether the answer was gzipped (W/"…") or not ("…")."""
    return etag.removeprefix("W/").strip('"')


def window_figures(samples):
    latencies = sorted(sample.latency for sample in samples)
    errors = sum(1 for sample in samples if sample.status >= 500 or sample.status == 0)
    return {
        "count": len(samples),
        "rps": len(samples) / WINDOW_SECONDS,
        "p50": percentile(latencies, 0.5) if latencies else 0.0,
        "p99": percentile(latencies, 0.99) if latencies else 0.0,
        "errors": errors,
        "hits": sum(1 for sample in samples if sample.outcome == "hit"),
        "stale": sum(1 for sample in samples if sample.outcome == "stale"),
    }
