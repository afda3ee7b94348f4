"""Real processes for the contact tests: the production settings, `manage.py` commands and their environment."""

import os
import subprocess
import sys

from django.conf import settings
from django.db import connection

from agency_site.tests import servers


def database_url():
    """The URL of the database this test runs on (pytest-django's test database), for another process."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def production_environment(smtp_port, **overrides):
    """What `make serve-prod` exports, on the test database and the test's SMTP server."""
    environment = {
        # The browser tests' flag must not reach a production process.
        **{name: value for name, value in os.environ.items() if name != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_SETTINGS_MODULE": "agency_site.settings.production",
        "SECRET_KEY": "contact-tests-production-like-secret-" + "k3y" * 10,
        "SECURE_SSL_REDIRECT": "False",
        "SESSION_COOKIE_SECURE": "False",
        "CSRF_COOKIE_SECURE": "False",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": database_url(),
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp_port),
        "CONTACT_RECIPIENTS": "leads@50a.fr",
        "LOG_FORMAT": "plain",
    }
    environment.pop("REDIS_URL", None)
    environment.update(overrides)
    return environment


def manage(*arguments, environment, **options):
    """Start `manage.py <arguments>` in the background."""
    return subprocess.Popen(  # noqa: S603 - fixed command line, arguments written by the tests
        [sys.executable, "manage.py", *arguments],
        cwd=settings.BASE_DIR,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        **options,
    )


def finish(process, timeout=120):
    """Wait for a background command; fail with its output if it did not succeed."""
    output, _ = process.communicate(timeout=timeout)
    assert process.returncode == 0, output
    return output


def drain_queue(environment):
    """One `db_worker --batch`: every queued job runs, then the worker exits."""
    return finish(
        manage(
            "db_worker",
            "--queue-name",
            "*",
            "--batch",
            "--interval",
            "0",
            "--no-startup-delay",
            "--no-reload",
            environment=environment,
        )
    )


def fetch(port, method, path, body=None, headers=None):
    """(status, headers, text) of one request to a server of this test on 127.0.0.1 (method first)."""
    return servers.fetch(port, path, headers=headers, method=method, body=body, timeout=20)
