"""A throwaway PostgreSQL database for the benchmarks that need thousands of rows, dropped afterwards."""

import contextlib
import os
from urllib.parse import urlsplit, urlunsplit

DEFAULT_ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres"


@contextlib.contextmanager
def throwaway_database(prefix):
    """Yield the URL of a new empty database on DATABASE_URL's server (else the local one); drop it at the end.

    Raises psycopg2.Error when the server cannot be reached.
    """
    import psycopg2

    current = os.environ.get("DATABASE_URL", "")
    admin_url = current if current.startswith(("postgres://", "postgresql://")) else DEFAULT_ADMIN_URL
    name = f"{prefix}_{os.getpid()}"
    parts = urlsplit(admin_url)
    admin = psycopg2.connect(urlunsplit(parts._replace(path="/postgres")))
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlunsplit(parts._replace(path=f"/{name}"))
    finally:
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()
