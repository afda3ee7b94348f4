"""A bare WSGI application answering one page's bytes from memory: the ceiling a cached page is measured against."""

import os
from pathlib import Path

BODY = Path(os.environ["BARE_WSGI_BODY"]).read_bytes()
HEADERS = [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(BODY)))]


def application(environ, start_response):
    start_response("200 OK", HEADERS)
    return [BODY]
