"""Import from CSV and Markdown (dry run, upsert, row errors, progress), export to CSV, both from the admin too."""

import csv
import io

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import IntegrityError

from agency_site.spreadsheets import neutralise_formula
from glossary.models import GlossaryCategory, GlossaryEntryPage, GlossarySearchMiss
from glossary.transfer import upsert
from glossary.transfer.export import write_csv
from glossary.transfer.readers import read_csv
from glossary.transfer.upsert import import_rows
from services.tests.factories import ServiceIndexPageFactory, ServicePageFactory

from .conftest import publish_entry

pytestmark = pytest.mark.django_db

CSV_TEXT = (
    "slug,title,short_definition,synonyms,category,related,services,body\n"
    "seo,SEO,Le référencement naturel.,référencement naturel | search engine optimization,Référencement,sea,"
    'marketing-digital,"## Trois piliers\n\nLa technique, le contenu, la popularité."\n'
    ",,Sans terme,,,,,\n"
    "sea,SEA,Le référencement payant.,référencement payant,Référencement,seo,inconnue,\n"
    "trop-long,Trop long," + "x" * 401 + ",,,,,\n"
)


@pytest.fixture
def service(home_page):
    services = ServiceIndexPageFactory(parent=home_page)
    return ServicePageFactory(parent=services, title="Marketing digital", slug="marketing-digital")


def test_a_dry_run_reports_and_changes_nothing(glossary_index, service):
    report = import_rows(read_csv(CSV_TEXT), index_page=glossary_index, dry_run=True)
    assert report.created == ["seo", "sea"]
    assert GlossaryEntryPage.objects.count() == 0
    # The first entry's quoted body spans lines 2 to 4: rows are numbered by the line they start on.
    assert ("import.csv", 5, "le terme (colonne « title ») est vide") in report.errors
    assert ("import.csv", 6, "offre inconnue : inconnue") in report.errors
    assert ("import.csv", 7, "la définition courte dépasse 400 caractères (401)") in report.errors


def test_import_creates_then_upserts_by_slug_and_keeps_going_after_bad_rows(glossary_index, service):
    progress = []
    report = import_rows(read_csv(CSV_TEXT), index_page=glossary_index, progress=lambda d, t: progress.append((d, t)))
    assert sorted(report.created) == ["sea", "seo"] and len(report.errors) == 3
    assert progress[-1] == (12, 12) and [done for done, _total in progress] == sorted(done for done, _total in progress)
    seo = GlossaryEntryPage.objects.get(slug="seo")
    assert seo.live and seo.synonym_list == ["référencement naturel", "search engine optimization"]
    assert seo.category == GlossaryCategory.objects.get(name="Référencement")
    assert [entry.slug for entry in seo.related_entries] == ["sea"]
    assert seo.featured_services == [service]
    assert [(level, text) for level, text, _anchor in seo.table_of_contents] == [("h2", "Trois piliers")]

    again = import_rows(read_csv(CSV_TEXT), index_page=glossary_index)
    assert again.created == [] and sorted(again.skipped) == ["sea", "seo"]

    changed = CSV_TEXT.replace("Le référencement naturel.", "Le référencement naturel et gratuit.")
    report = import_rows(read_csv(changed), index_page=glossary_index)
    assert report.updated == ["seo"]
    assert GlossaryEntryPage.objects.get(slug="seo").short_definition == "Le référencement naturel et gratuit."
    assert GlossaryEntryPage.objects.filter(slug="seo").count() == 1


def test_markdown_folder_import_with_front_matter(tmp_path, glossary_index, service, capsys):
    (tmp_path / "persona.md").write_text(
        "---\ntitle: Persona\ndefinition: Le portrait d’un client type.\nsynonyms:\n  - buyer persona\n"
        "  - personas\ncategory: Marketing digital\nservices: [marketing-digital]\n---\n\n## Comment le construire\n\n"
        "Par des entretiens.\n",
        encoding="utf-8",
    )
    (tmp_path / "casse.md").write_text("title: pas d’en-tête\n", encoding="utf-8")
    # Subfolders are read too, as in a zipped folder from the admin; hidden ones (editor backups) are not.
    (tmp_path / "acquisition").mkdir()
    (tmp_path / "acquisition" / "lead-magnet.md").write_text(
        "---\ntitle: Lead magnet\ndefinition: Un contenu offert contre des coordonnées.\n---\n", encoding="utf-8"
    )
    (tmp_path / ".brouillons").mkdir()
    (tmp_path / ".brouillons" / "persona.md").write_text("---\ntitle: Brouillon\n---\n", encoding="utf-8")
    call_command("import_glossary", str(tmp_path), "--dry-run")
    assert not GlossaryEntryPage.objects.filter(slug="persona").exists()
    call_command("import_glossary", str(tmp_path))
    output = capsys.readouterr()
    persona = GlossaryEntryPage.objects.get(slug="persona")
    assert persona.synonym_list == ["buyer persona", "personas"]
    assert persona.short_definition == "Le portrait d’un client type."
    assert "casse.md:1: en-tête « --- » manquant" in output.err
    assert "100 %" in output.err
    assert "créée : persona" in output.out
    assert GlossaryEntryPage.objects.get(slug="lead-magnet").title == "Lead magnet"
    assert not GlossaryEntryPage.objects.filter(title="Brouillon").exists()


def test_export_neutralises_formulas_and_imports_back_unchanged(glossary_index):
    publish_entry(glossary_index, '=HYPERLINK("http://x")', "+33 -1 @cmd", ["-moins", "\tTab"], slug="formule")
    output = io.StringIO()
    write_csv(output, glossary_index)
    (row,) = list(csv.DictReader(io.StringIO(output.getvalue())))
    assert row["title"] == '\'=HYPERLINK("http://x")'
    assert row["short_definition"] == "'+33 -1 @cmd"
    assert row["synonyms"].startswith("'-moins")
    # A French spreadsheet splits on semicolons too: no cell it makes starts a formula either.
    assert all(not cell.lstrip('"').startswith(("=", "+", "-", "@")) for cell in output.getvalue().split(";"))
    assert neutralise_formula("@SUM(A1)") == "'@SUM(A1)" and neutralise_formula("\rx") == "'\rx"
    assert neutralise_formula("Lead") == "Lead"
    report = import_rows(read_csv(output.getvalue()), index_page=glossary_index, dry_run=True)
    assert (report.skipped, report.errors) == (["formule"], [])


@pytest.fixture
def admin_client(client, glossary_index):
    user = get_user_model().objects.create_superuser("admin", "admin@50a.fr", "pass")
    client.force_login(user)
    return client


def test_admin_import_export_and_report(admin_client, glossary_index, service):
    upload = SimpleUploadedFile("import.csv", CSV_TEXT.encode("utf-8"), content_type="text/csv")
    response = admin_client.post("/admin/glossaire/import/", {"files": [upload], "dry_run": "on"}, follow=True)
    page = BeautifulSoup(response.content, "html.parser")
    assert "Résultat de l’essai à blanc" in page.get_text()
    assert [cell.get_text() for cell in page.select("table.listing td")][:3] == [
        "import.csv",
        "5",
        "le terme (colonne « title ») est vide",
    ]
    assert GlossaryEntryPage.objects.count() == 0

    upload = SimpleUploadedFile("import.csv", CSV_TEXT.encode("utf-8"), content_type="text/csv")
    admin_client.post("/admin/glossaire/import/", {"files": [upload]})
    assert set(GlossaryEntryPage.objects.values_list("slug", flat=True)) == {"seo", "sea"}

    response = admin_client.get("/admin/glossaire/export/")
    assert response["Content-Disposition"].startswith('attachment; filename="glossaire-')
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [row["slug"] for row in rows] == ["seo", "sea"]

    publish_entry(glossary_index, "Orphelin", "Sans offre.", body=[("p", "Texte.")])
    orphan = GlossaryEntryPage.objects.get(slug="orphelin")
    orphan.body = [("paragraph", '<p>Voir <a linktype="page" id="999999">une page disparue</a>.</p>')]
    orphan.save_revision().publish()
    GlossarySearchMiss.objects.create(normalised_query="blockchain", query="Blockchain", count=3)
    report = BeautifulSoup(admin_client.get("/admin/glossaire/rapport/").content, "html.parser")
    sections = {section.find("h2")["id"]: section for section in report.select("section.glossary-report__section")}
    assert "Orphelin" in sections["sans-offre"].get_text()
    assert "SEO" not in sections["sans-offre"].get_text()
    assert "page n° 999999" in sections["liens-casses"].get_text()
    assert "Blockchain" in sections["recherches-sans-resultat"].get_text()


def test_the_admin_tools_need_publishing_rights(client, glossary_index):
    user = get_user_model().objects.create_user("visiteur", "v@50a.fr", "pass")
    from django.contrib.auth.models import Permission

    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    for url in ("/admin/glossaire/export/", "/admin/glossaire/rapport/", "/admin/glossaire/import/"):
        response = client.get(url)
        # Wagtail turns a refusal into a redirect to the dashboard with a message.
        assert (response.status_code, response["Location"]) == (302, "/admin/")
        assert "Content-Disposition" not in response


def test_an_entry_that_cannot_be_saved_is_reported_in_french_and_logged(glossary_index, monkeypatch, caplog):
    def failing_save_entry(*args, **kwargs):
        raise IntegrityError('duplicate key value violates unique constraint "wagtailcore_page_path_key"')

    monkeypatch.setattr(upsert, "save_entry", failing_save_entry)
    report = import_rows(read_csv("slug,title,short_definition\nseo,SEO,Le référencement.\n"), glossary_index)
    assert report.errors == [
        ("import.csv", 2, "enregistrement impossible : erreur technique, consignée dans le journal du serveur")
    ]
    assert "wagtailcore_page_path_key" in caplog.text
