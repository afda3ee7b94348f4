"""gunicorn settings for every environment: workers from the CPU count, timeouts, logs on stdout."""

import gc
import json
import multiprocessing
import os

from gunicorn.glogging import Logger

wsgi_app = "agency_site.wsgi:application"
bind = os.environ.get("GUNICORN_BIND") or f"127.0.0.1:{os.environ.get('PORT') or '8000'}"

# Two workers a core plus one; each with a few threads, so a worker waiting on PostgreSQL or Redis
# still answers, and keep-alive connections from the proxy are reused.
workers = int(os.environ.get("WEB_CONCURRENCY") or multiprocessing.cpu_count() * 2 + 1)
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS") or 4)

# A page renders in milliseconds: a request still running after 30 s is stuck, kill it.
timeout = int(os.environ.get("GUNICORN_TIMEOUT") or 30)
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then so a slow leak never grows, after 200,000 to 300,000 requests: the wide jitter keeps
# them from restarting together. A new worker warms up (post_worker_init) and reads again from Redis each page it
# answers. Measured by bench_publish, at 20,000 to 22,000 requests the five workers restarted within seconds of each
# other about once a minute under load, and p99 rose to 4 to 5.6 times its value while they did. 200,000 is hours
# at an agency's peak, minutes under the benchmark's load.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS") or 200_000)
max_requests_jitter = 100_000

# The app is loaded once, before forking: faster start, shared memory, import errors fail at boot.
preload_app = True

# The proxy in front sets X-Forwarded-Proto; only trust it from the addresses listed.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS") or "127.0.0.1,::1"

accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL") or "info"
if os.environ.get("GUNICORN_ACCESS_LOG", "on") == "off":
    accesslog = None


class JsonAccessLogger(Logger):
    """Access log lines as JSON objects, like the application's logs (quotes in a user agent stay valid JSON)."""

    def access(self, resp, req, environ, request_time):
        if not self.access_log_enabled:
            return
        atoms = self.atoms(resp, req, environ, request_time)
        line = {
            "logger": "gunicorn.access",
            "remote": atoms["h"],
            "method": atoms["m"],
            "path": atoms["U"],
            "query": atoms["q"],
            "status": int(atoms["s"]) if str(atoms["s"]).isdigit() else atoms["s"],
            "bytes": atoms["B"],
            "duration_ms": atoms["M"],
            "referer": atoms["f"],
            "user_agent": atoms["a"],
        }
        self.access_log.info(json.dumps(line, ensure_ascii=False))


logger_class = JsonAccessLogger

# gunicorn >= 25 opens a control socket under $HOME by default: two instances on one machine would
# fight over it, and nothing here uses it.
control_socket_disable = True


def pre_fork(server, worker):
    """The application is loaded once in the master (preload_app): its objects live as long as the process. Frozen, the
    workers' garbage collector no longer walks them on each full collection, and their memory pages stay shared."""
    gc.freeze()


def post_worker_init(worker):
    """A new worker renders one page of each type before it accepts a connection (agency_site/warmup.py): its first
    visitors, and those of its threads, do not wait for it to import and compile what the pages need."""
    try:
        from django.apps import apps

        if not apps.ready:
            # Another WSGI application than the site, served with these settings (the benchmarks' bare one).
            return
        from agency_site.warmup import warm_up

        warm_up(worker.wsgi)
        # What the warm-up built lives as long as the worker (compiled templates, block definitions, routes): once its
        # garbage is collected, frozen as pre_fork does, it is no longer walked by the collections of the worker's
        # first requests. Measured under wrk on the demo: 17 collections and 47 ms in a worker's first 10,000
        # requests, one of 16 ms, where frozen it is 6 and 3 ms; none after that either way.
        gc.collect()
        gc.freeze()
    except Exception:
        # An error here would stop gunicorn itself (a worker that fails to boot halts the arbiter): serve, cold.
        worker.log.exception("warm-up failed, the worker starts cold")
