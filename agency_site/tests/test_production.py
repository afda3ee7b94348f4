"""Production hardening as a visitor, an editor and a load balancer see it: headers, CSP, noindex, login limits, errors."""

import json
import logging
import os
import subprocess
import sys
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from bs4 import BeautifulSoup
from django.conf import settings as django_settings
from django.db import OperationalError
from django.test import Client
from django.urls import path
from django.utils import timezone
from wagtail.contrib.redirects.models import Redirect

from agency_site.logs import JsonLineFormatter
from agency_site.urls import urlpatterns as site_urlpatterns
from glossary.models import GlossaryEntryPage

ENTRY_URL = "/glossaire/agence-community-management/"
PUBLIC_URLS = ["/", ENTRY_URL, "/glossaire/", "/offres/", "/offres/social-media/", "/contact/", "/mentions-legales/"]


def failing_view(request):
    raise RuntimeError("a bug")


def database_down_view(request):
    raise OperationalError("connection to server at 127.0.0.1, port 5432 failed")


# A URLconf with one view that fails like a bug and one like a database outage, for the error page tests.
urlpatterns = [path("panne/", failing_view), path("base-coupee/", database_down_view), *site_urlpatterns]
handler500 = "agency_site.errors.server_error"


def test_deploy_check_passes_with_the_documented_production_variables():
    # The browser tests' DJANGO_ALLOW_ASYNC_UNSAFE must not leak into a production check run by the same process.
    environment = {
        **{name: value for name, value in os.environ.items() if name != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "SECRET_KEY": "a-production-like-secret-key-" + "x7Qp2" * 8,
        "ALLOWED_HOSTS": "www.50a.fr",
        "DJANGO_SETTINGS_MODULE": "agency_site.settings.production",
        # This subprocess reads whichever database the environment names, not the test's: the legal notice
        # check, which reads content, has its own tests (test_legal_pages.py); here, the code's checklist.
        "SILENCED_SYSTEM_CHECKS": "agency_site.W001,agency_site.W002",
    }
    result = subprocess.run(  # noqa: S603 (fixed arguments, no shell)
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=django_settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.django_db
def test_public_pages_carry_the_strict_policy_and_security_headers(client, glossary_entry):
    response = client.get(ENTRY_URL)
    policy = response["Content-Security-Policy"]
    for directive in (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "object-src 'none'",
        "base-uri 'self'",
        "frame-ancestors 'none'",
        "form-action 'self'",
    ):
        assert directive in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert "camera=()" in response["Permissions-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


@pytest.mark.django_db
def test_hsts_is_sent_over_https(client, glossary_entry, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    response = client.get(ENTRY_URL, secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


@pytest.mark.django_db
def test_admin_redirects_to_https_in_production(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    response = client.get("/admin/login/")
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/admin/login/"


@pytest.mark.django_db
@pytest.mark.parametrize("url", PUBLIC_URLS)
def test_public_pages_have_nothing_inline_for_the_policy_to_block(client, full_site, url):
    response = client.get(url)
    assert response.status_code == 200
    page = BeautifulSoup(response.content, "html.parser")
    inline_scripts = [tag for tag in page.find_all("script") if not tag.get("src")]
    assert all(tag.get("type") == "application/ld+json" for tag in inline_scripts)
    assert not page.find_all("style")
    assert not page.select("[style]")
    assert not [tag for tag in page.find_all(True) if any(name.startswith("on") for name in tag.attrs)]


@pytest.mark.django_db
def test_the_admin_gets_the_policy_wagtail_works_under(client, django_user_model):
    editor = django_user_model.objects.create_superuser("editrice", "editrice@50a.fr", "mot-de-passe-solide")
    client.force_login(editor)
    response = client.get("/admin/")
    policy = response["Content-Security-Policy"]
    assert response.status_code == 200
    assert "script-src 'self' 'unsafe-inline'" in policy
    assert "frame-ancestors 'self'" in policy
    assert "unsafe-eval" not in policy


@pytest.mark.django_db
def test_hosts_not_listed_as_indexable_answer_noindex(client, glossary_entry, settings):
    settings.INDEXABLE_HOSTS = ["www.50a.fr"]
    staging = client.get(ENTRY_URL, headers={"host": "recette.50a.fr"})
    production = client.get(ENTRY_URL, headers={"host": "www.50a.fr"})
    assert staging["X-Robots-Tag"] == "noindex, nofollow"
    staging_page = BeautifulSoup(staging.content, "html.parser")
    assert staging_page.find("meta", attrs={"name": "robots"})["content"].startswith("noindex")
    assert "X-Robots-Tag" not in production
    assert not BeautifulSoup(production.content, "html.parser").find("meta", attrs={"name": "robots"})


@pytest.mark.django_db
def test_search_results_are_never_indexed(client, glossary_entry, settings):
    settings.INDEXABLE_HOSTS = ["www.50a.fr"]
    response = client.get("/glossaire/", {"q": "community"}, headers={"host": "www.50a.fr"})
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def log_in(client, username, password, ip="203.0.113.7"):
    client.post("/admin/login/", {"username": username, "password": password}, REMOTE_ADDR=ip)
    return "_auth_user_id" in client.session


@pytest.mark.django_db
def test_an_account_is_locked_after_repeated_failures_whatever_the_ip(django_user_model, settings):
    settings.LOGIN_FAILURES_PER_ACCOUNT = 3
    django_user_model.objects.create_user("editrice", "editrice@50a.fr", "mot-de-passe-solide")
    for attempt in range(3):
        assert not log_in(Client(), "editrice", f"essai-{attempt}", ip=f"198.51.100.{attempt}")
    assert not log_in(Client(), "editrice", "mot-de-passe-solide", ip="192.0.2.50")


@pytest.mark.django_db
def test_an_ip_guessing_many_accounts_is_locked_out(django_user_model, settings):
    settings.LOGIN_FAILURES_PER_IP = 4
    django_user_model.objects.create_user("editrice", "editrice@50a.fr", "mot-de-passe-solide")
    for attempt in range(4):
        assert not log_in(Client(), f"inconnu-{attempt}", "essai")
    assert not log_in(Client(), "editrice", "mot-de-passe-solide")
    # The editor herself, from her own office, is not punished for the attacker.
    assert log_in(Client(), "editrice", "mot-de-passe-solide", ip="192.0.2.50")


@pytest.mark.django_db
def test_a_successful_login_clears_the_account_failures(django_user_model, settings):
    settings.LOGIN_FAILURES_PER_ACCOUNT = 3
    django_user_model.objects.create_user("editrice", "editrice@50a.fr", "mot-de-passe-solide")
    for _attempt in range(2):
        log_in(Client(), "editrice", "faute-de-frappe")
    assert log_in(Client(), "editrice", "mot-de-passe-solide")
    for _attempt in range(2):
        log_in(Client(), "editrice", "faute-de-frappe")
    assert log_in(Client(), "editrice", "mot-de-passe-solide")


@pytest.mark.django_db
def test_the_lockout_shows_in_french_is_stored_and_runs_from_the_last_failure(django_user_model, settings):
    settings.LOGIN_FAILURES_PER_ACCOUNT = 3
    django_user_model.objects.create_user("editrice", "editrice@50a.fr", "mot-de-passe-solide")
    responses = [
        Client().post("/admin/login/", {"username": "Editrice ", "password": f"essai-{n}"}, REMOTE_ADDR="203.0.113.7")
        for n in range(3)
    ]
    assert [response.status_code for response in responses] == [200, 200, 429]
    message = BeautifulSoup(responses[-1].content, "html.parser").find("p", role="alert").get_text(" ", strip=True)
    assert " ".join(message.split()) == (
        "Trop de tentatives de connexion ont échoué. Par sécurité, la connexion est bloquée pendant 15 minutes "
        "après le dernier essai."
    )
    # In the database, so every gunicorn worker and the task worker see the same count.
    attempt = AccessAttempt.objects.get()
    assert (attempt.username, attempt.ip_address, attempt.failures_since_start) == ("editrice", "203.0.113.7", 3)

    # The first failure was 28 minutes ago, the last one 14: still locked, even with the right password.
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=14))
    assert not log_in(Client(), "editrice", "mot-de-passe-solide", ip="192.0.2.50")
    # The refused attempt did not restart the window; once 15 minutes have passed since the last failure, it ends.
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=15, seconds=1))
    assert log_in(Client(), "editrice", "mot-de-passe-solide", ip="192.0.2.50")
    assert not AccessAttempt.objects.filter(username="editrice").exists()


@pytest.mark.django_db
def test_healthz_reports_database_and_cache_even_for_an_unknown_host(client, settings):
    settings.ALLOWED_HOSTS = ["www.50a.fr"]
    response = client.get("/healthz", headers={"host": "10.0.0.5"})
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "cache": "ok"}}
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_healthz_answers_503_when_the_cache_is_down(client, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 0.2, "SOCKET_TIMEOUT": 0.2},
        }
    }
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "checks": {"database": "ok", "cache": "error"}}
    assert "redis" not in response.content.decode().lower()


def test_the_500_page_is_french_and_needs_no_database(settings):
    # No database fixture: any query while rendering the error page would fail this test.
    settings.ROOT_URLCONF = __name__
    response = Client(raise_request_exception=False).get("/panne/")
    assert response.status_code == 500
    page = BeautifulSoup(response.content, "html.parser")
    assert page.find("h1").get_text(strip=True) == "Une erreur est survenue"
    assert "RuntimeError" not in response.content.decode()
    assert "Traceback" not in response.content.decode()


def test_a_database_outage_answers_a_french_503_with_retry_after(settings):
    # No database fixture: any query while rendering the error page would fail this test.
    settings.ROOT_URLCONF = __name__
    response = Client(raise_request_exception=False).get("/base-coupee/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    page = BeautifulSoup(response.content, "html.parser")
    assert page.find("h1").get_text(strip=True) == "Site momentanément indisponible"
    assert "OperationalError" not in response.content.decode()


@pytest.mark.django_db
def test_changing_a_slug_leaves_a_redirect_from_the_old_address(
    client, glossary_entry, django_capture_on_commit_callbacks
):
    entry = GlossaryEntryPage.objects.get(slug="agence-community-management")
    entry.slug = "agence-de-community-management"
    # Wagtail creates the redirect once the publish is committed.
    with django_capture_on_commit_callbacks(execute=True):
        entry.save_revision().publish()
    assert Redirect.objects.filter(old_path=ENTRY_URL.rstrip("/")).exists()
    response = client.get(ENTRY_URL)
    assert response.status_code == 301
    assert response["Location"].endswith("/glossaire/agence-de-community-management/")


def test_json_log_lines_carry_the_message_extras_and_the_exception():
    formatter = JsonLineFormatter()
    try:
        raise ValueError("boom")
    except ValueError:
        record = logging.getLogger("agency_site").makeRecord(
            "agency_site", logging.ERROR, __file__, 1, "delivery failed for %s", ("lead 42",), sys.exc_info()
        )
    record.attempt = 3
    line = json.loads(formatter.format(record))
    assert line["level"] == "ERROR"
    assert line["message"] == "delivery failed for lead 42"
    assert line["attempt"] == 3
    assert "ValueError: boom" in line["exception"]


@pytest.mark.django_db
def test_serve_prod_answers_uploaded_images_but_never_documents_around_wagtail(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "illustration.width-800.avif").write_bytes(b"AVIF image bytes")
    (tmp_path / "documents").mkdir()
    (tmp_path / "documents" / "devis.pdf").write_bytes(b"%PDF private quote")

    settings.SERVE_MEDIA = False
    assert client.get("/media/images/illustration.width-800.avif").status_code == 404

    settings.SERVE_MEDIA = True
    image = client.get("/media/images/illustration.width-800.avif")
    assert image.status_code == 200
    assert b"".join(image.streaming_content) == b"AVIF image bytes"
    assert image["Cache-Control"] == "public, max-age=86400"
    for sneaky in (
        "/media/documents/devis.pdf",
        "/media/images/../documents/devis.pdf",
        "/media//documents/devis.pdf",
        "/media/./documents/devis.pdf",
        "/media/Documents/devis.pdf",
        "/media/../settings.py",
        "/media/images/../../settings.py",
    ):
        response = client.get(sneaky)
        assert response.status_code == 404, sneaky
        assert b"PDF" not in response.content


@pytest.mark.parametrize(
    ("settings_module", "serves_media"),
    [("agency_site.settings.dev", "True"), ("agency_site.settings.production", "False")],
)
def test_only_make_run_s_settings_answer_media_by_default(settings_module, serves_media):
    environment = {
        **{name: value for name, value in os.environ.items() if name not in ("SERVE_MEDIA", "DEBUG")},
        "SECRET_KEY": "a-production-like-secret-key-" + "x7Qp2" * 8,
        "DJANGO_SETTINGS_MODULE": settings_module,
    }
    result = subprocess.run(  # noqa: S603 (fixed arguments, no shell)
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings; print(settings.SERVE_MEDIA)",
        ],
        cwd=django_settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.stdout.strip() == serves_media, result.stderr
