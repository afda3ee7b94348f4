"""RGPD: retention purge, export and erasure of everything stored about an address."""

import io
import json
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from contact.models import ContactSubmission, DeliveryAttempt
from contact.tests.factories import ContactSubmissionFactory

pytestmark = pytest.mark.django_db


def run(*args, **kwargs):
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err, **kwargs)
    return out.getvalue() + err.getvalue()


def test_purge_deletes_only_leads_older_than_three_years_and_dry_run_only_counts():
    old = ContactSubmissionFactory(created_at=timezone.now() - timedelta(days=3 * 365 + 1))
    DeliveryAttempt.objects.create(submission=old, outcome="sent")
    recent = ContactSubmissionFactory(created_at=timezone.now() - timedelta(days=3 * 365 - 1))

    report = run("purge_submissions", "--dry-run")
    assert "1 demande(s)" in report and "simulation" in report
    assert ContactSubmission.objects.count() == 2

    report = run("purge_submissions")
    assert "1 demande(s)" in report and "supprimée(s)" in report
    assert list(ContactSubmission.objects.all()) == [recent]
    assert DeliveryAttempt.objects.count() == 0


def test_purge_honours_a_custom_period(settings):
    settings.CONTACT_RETENTION_DAYS = 30
    ContactSubmissionFactory(created_at=timezone.now() - timedelta(days=31))

    run("purge_submissions")

    assert ContactSubmission.objects.count() == 0


def test_export_gives_every_submission_of_the_address_as_json(tmp_path):
    mine = ContactSubmissionFactory(email="Camille@Exemple.fr", message="Mon premier message")
    ContactSubmissionFactory(email="camille@exemple.fr", message="Mon second message")
    ContactSubmissionFactory(email="autre@exemple.fr", message="Pas à moi")
    DeliveryAttempt.objects.create(submission=mine, outcome="failed", error="421")
    target = tmp_path / "export.json"

    report = run("export_personal_data", "camille@exemple.fr", "--output", str(target))

    data = json.loads(target.read_text(encoding="utf-8"))
    assert "2 demande(s) exportée(s)" in report
    assert [item["message"] for item in data["demandes_de_contact"]] == ["Mon premier message", "Mon second message"]
    assert data["demandes_de_contact"][0]["tentatives_envoi"][0]["erreur"] == "421"
    assert "privacy_notice" in data["demandes_de_contact"][0]


def test_erase_asks_for_confirmation_and_reports(monkeypatch):
    ContactSubmissionFactory.create_batch(2, email="camille@exemple.fr")
    kept = ContactSubmissionFactory(email="autre@exemple.fr")

    monkeypatch.setattr("builtins.input", lambda prompt: "non")
    with pytest.raises(CommandError, match="Effacement annulé"):
        run("erase_personal_data", "camille@exemple.fr")
    assert ContactSubmission.objects.count() == 3

    monkeypatch.setattr("builtins.input", lambda prompt: "oui")
    report = run("erase_personal_data", "CAMILLE@exemple.fr")

    assert "Effacé : 2 demande(s) de contact" in report
    assert list(ContactSubmission.objects.all()) == [kept]


def test_erase_with_yes_needs_no_prompt(monkeypatch):
    ContactSubmissionFactory(email="camille@exemple.fr")
    monkeypatch.setattr("builtins.input", lambda prompt: pytest.fail("must not prompt"))

    report = run("erase_personal_data", "camille@exemple.fr", "--yes")

    assert "Effacé : 1 demande(s)" in report
    assert ContactSubmission.objects.count() == 0
