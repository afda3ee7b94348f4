"""A new gunicorn worker renders one page of each type before it takes requests (gunicorn.conf.py, post_worker_init).

A worker's first render imports the URL configuration and the views, compiles the templates and loads their tag
libraries: 0.7 s on the demo, holding the interpreter's lock, while the worker's threads answer visitors. gunicorn
starts a worker at boot and whenever it replaces one (max_requests), and under traffic that time landed on the
visitors of the new worker (with the restarts of bench_publish, p99 rose to 4 to 5.6 times its value for ten
seconds). Paid here, before the worker accepts a connection, the other workers answer meanwhile.

Each page is asked for through the whole application, as a visitor whose session cookie matches no session: the page
cache neither answers the request nor stores its page (it keeps its route, as for any page view), and no session is
written (an unknown one is not saved); on a site whose settings were never saved, the first render creates their
rows, as its first visitor would. It takes WARM_UP_SECONDS at most, and never stops a worker from starting: a failure
is logged and the worker serves, cold.
"""

import io
import logging
import sys
import time

from django.conf import settings
from django.db import connections
from django.http.request import split_domain_port, validate_host

from agency_site.pagecache.wsgi import run_to_end

logger = logging.getLogger(__name__)

# No session has this key (Django's keys are 32 lowercase letters and digits).
UNKNOWN_SESSION = "warm-up"
# Past this, the worker starts with the pages rendered so far (a loaded machine: the others wait for it meanwhile).
WARM_UP_SECONDS = 5.0


def pages_to_warm():
    """(host, path) of the first live, public page of each type on the default site, root first."""
    from wagtail.models import Page, Site, get_page_models

    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is None:
        return []
    host = request_host(site.hostname)
    if host is None:
        return []
    pages = []
    for model in get_page_models():
        if model is Page:
            continue
        page = model.objects.live().public().descendant_of(site.root_page, inclusive=True).order_by("path").first()
        if page is not None:
            pages.append((page.path, page.get_url_parts()))
    return [(host, parts[2]) for _path, parts in sorted(pages) if parts is not None and parts[0] == site.pk]


def request_host(site_hostname):
    """A Host header Django accepts for the default site: its hostname when allowed, else the first allowed name."""
    allowed = settings.ALLOWED_HOSTS
    if validate_host(site_hostname, allowed):
        return site_hostname
    for pattern in allowed:
        name = pattern.removeprefix(".")
        if name and name != "*" and validate_host(split_domain_port(name)[0], allowed):
            return name
    return None


def warm_up(application):
    """Ask `application` (the WSGI one a worker serves) for each page of pages_to_warm(); [(path, status)]."""
    started = time.monotonic()
    answers = []
    try:
        for host, path in pages_to_warm():
            if time.monotonic() - started > WARM_UP_SECONDS:
                break
            answers.append((path, get(application, host, path)))
    except Exception:
        logger.warning("warm-up: the pages could not all be rendered, the worker starts cold", exc_info=True)
    finally:
        # This thread answers no visitor: it keeps no connection.
        try:
            close_connections_outside_transactions()
        except Exception:
            logger.warning("warm-up: a database connection could not be closed", exc_info=True)
    logger.info(
        "warm-up: %d page(s) rendered in %.0f ms",
        len(answers),
        (time.monotonic() - started) * 1000,
        extra={"pages": answers},
    )
    return answers


def close_connections_outside_transactions():
    """Close this thread's database connections, except one a transaction is open on (closing it would end it)."""
    for connection in connections.all(initialized_only=True):
        if not connection.in_atomic_block:
            connection.close()


def get(application, host, path):
    """The status of a GET of `path` on `host`, over HTTPS as the proxy forwards it, the body read and discarded."""
    environ = {
        "REQUEST_METHOD": "GET",
        "SCRIPT_NAME": "",
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": host,
        "SERVER_PORT": "443",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_HOST": host,
        "HTTP_ACCEPT_ENCODING": "gzip",
        "HTTP_COOKIE": f"{settings.SESSION_COOKIE_NAME}={UNKNOWN_SESSION}",
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": "https",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": True,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }
    if settings.SECURE_PROXY_SSL_HEADER:
        header, value = settings.SECURE_PROXY_SSL_HEADER
        environ[header] = value
    statuses = []
    run_to_end(application, environ, lambda status, headers, exc_info=None: statuses.append(status))
    return int(statuses[0].split()[0]) if statuses else 0
