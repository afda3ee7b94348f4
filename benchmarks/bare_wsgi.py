"""A bare WSGI application answering one page's bytes from memory: the ceiling a cached page is measured against."""

import json
import os
from pathlib import Path

BODY = Path(os.environ["BARE_WSGI_BODY"]).read_bytes()
# The cached page's own headers when given (bench_publish gives them), so that both answers are the same bytes.
if os.environ.get("BARE_WSGI_HEADERS"):
    HEADERS = [
        (name, value)
        for name, value in json.loads(Path(os.environ["BARE_WSGI_HEADERS"]).read_text())
        if name.lower() != "content-length"
    ]
else:
    HEADERS = [("Content-Type", "text/html; charset=utf-8")]
HEADERS.append(("Content-Length", str(len(BODY))))


def application(environ, start_response):
    start_response("200 OK", HEADERS)
    return [BODY]
