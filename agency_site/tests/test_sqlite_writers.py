"""SQLite with several writers, as `make serve-prod` runs it: gunicorn workers and a publish from a shell at once."""

import http.client
import os
import secrets
import sqlite3
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlencode

from django.conf import settings
from django.core import signing

from agency_site.tests.test_scale import free_port, wait_until_healthy
from contact import spam

BASE_DIR = Path(settings.BASE_DIR)
POSTS = 50
PUBLISHES = 20

# Publishes one page again and again from its own process, as an editor's shell or `import_glossary` would.
PUBLISHER = f"""
from wagtail.models import Page
from agency_site.models import StandardPage

parent = Page.objects.get(depth=2)
page = parent.add_child(instance=StandardPage(title="Course 0", slug="course", live=False))
for number in range({PUBLISHES}):
    page.title = f"Course {{number}}"
    page.save_revision().publish()
print("published")
"""


def post_form(port, fields, forwarded_for):
    client = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        headers = {"Content-Type": "application/x-www-form-urlencoded", "X-Forwarded-For": forwarded_for}
        client.request("POST", "/contact/envoyer/", body=urlencode(fields), headers=headers)
        response = client.getresponse()
        response.read()
        return response.status
    finally:
        client.close()


def signed_token(secret_key, age_seconds):
    """A token as /contact/jeton/ issues it, issued `age_seconds` ago: the visitor took that long to fill the form."""
    payload = {"k": secrets.token_urlsafe(24), "t": round(time.time() - age_seconds, 3)}
    return signing.dumps(payload, key=secret_key, salt=spam.FORM_SIGNATURE_SALT)


def test_a_publish_races_fifty_contact_posts_and_every_write_is_stored(tmp_path):
    database = tmp_path / "site.sqlite3"
    secret_key = secrets.token_urlsafe(50)
    port = free_port()
    env = {
        **{name: value for name, value in os.environ.items() if name not in ("REDIS_URL", "DATABASE_URL")},
        "DJANGO_SETTINGS_MODULE": "agency_site.settings.production",
        "DATABASE_URL": f"sqlite:///{database}",
        "SECRET_KEY": secret_key,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "False",
        "SESSION_COOKIE_SECURE": "False",
        "CSRF_COOKIE_SECURE": "False",
        "WAGTAILADMIN_BASE_URL": f"http://127.0.0.1:{port}",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": "3",
        # Each post comes from its own address behind our proxy, so the per-IP rate limit quarantines none.
        "CONTACT_TRUSTED_PROXY_COUNT": "1",
    }
    manage = [sys.executable, str(BASE_DIR / "manage.py")]
    subprocess.run([*manage, "migrate", "--noinput", "-v0"], env=env, cwd=BASE_DIR, check=True)  # noqa: S603 (fixed arguments, no shell)
    server = subprocess.Popen(  # noqa: S603 (fixed arguments, no shell)
        [sys.executable, "-m", "gunicorn", "-c", str(BASE_DIR / "gunicorn.conf.py")],
        env=env,
        cwd=BASE_DIR,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_until_healthy(server, port, deadline=120)
        # The shipped minimum fill time stays on: each token says the form was opened a minute ago.
        forms = [
            {
                "name": f"Prospect {number}",
                "company": "Agence",
                "email": f"prospect{number}@example.fr",
                "phone": "+33 1 23 45 67 89",
                "message": f"Bonjour, un projet numéro {number} à vous confier.",
                "token": signed_token(secret_key, age_seconds=60),
                "website": "",
            }
            for number in range(POSTS)
        ]
        publisher = subprocess.Popen(  # noqa: S603 (fixed arguments, no shell)
            [*manage, "shell", "-c", PUBLISHER], env=env, cwd=BASE_DIR, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )

        def post(number):
            return post_form(port, forms[number], forwarded_for=f"198.51.100.{number + 1}")

        with ThreadPoolExecutor(max_workers=POSTS) as pool:
            statuses = list(pool.map(post, range(POSTS)))
        out, err = publisher.communicate(timeout=300)
    finally:
        server.terminate()
        server.wait(timeout=30)

    assert publisher.returncode == 0, err.decode()[-2000:]
    assert out.decode().strip().endswith("published")
    # 303: the post was stored and the visitor sent to the confirmation page.
    assert statuses == [303] * POSTS
    with sqlite3.connect(database) as stored:
        assert stored.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        leads = stored.execute("SELECT email, quarantined FROM contact_contactsubmission").fetchall()
        page = stored.execute(
            "SELECT title, live, live_revision_id, latest_revision_id FROM wagtailcore_page WHERE slug = 'course'"
        ).fetchone()
    assert sorted(email for email, _quarantined in leads) == sorted(form["email"] for form in forms)
    assert not any(quarantined for _email, quarantined in leads)
    title, live, live_revision, latest_revision = page
    assert (title, bool(live)) == (f"Course {PUBLISHES - 1}", True)
    assert live_revision == latest_revision
