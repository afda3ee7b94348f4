"""Admin import as a background job: a zipped Markdown folder, the archive guards, the status page and its progress."""

import io
import zipfile
from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from glossary.models import IMPORT_STALLED_AFTER, GlossaryEntryPage, GlossaryImport
from glossary.tasks import run_glossary_import
from glossary.transfer import job, upsert
from glossary.transfer.readers import read_csv, rows_as_json

pytestmark = pytest.mark.django_db

PERSONA = "---\ntitle: Persona\ndefinition: Le portrait d’un client type.\n---\n\nPar des entretiens.\n"
LEAD_MAGNET = "---\ntitle: Lead magnet\ndefinition: Un contenu offert contre un contact.\n---\n"


def zip_upload(members, name="glossaire.zip"):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path, content in members.items():
            if path.endswith("/"):
                archive.mkdir(path)
            else:
                archive.writestr(path, content)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/zip")


def folder_zip():
    return zip_upload(
        {
            "glossaire/": "",
            "glossaire/persona.md": PERSONA,
            "glossaire/acquisition/lead-magnet.md": LEAD_MAGNET,
            "glossaire/casse.md": "title: pas d’en-tête\n",
            "glossaire/notes.txt": "pas une entrée",
            "glossaire/.brouillon.md": "---\ntitle: Brouillon caché\n---\n",
            "__MACOSX/glossaire/._persona.md": "\x00\x05 ressource macOS",
        }
    )


@pytest.fixture
def admin_client(client, glossary_index):
    client.force_login(get_user_model().objects.create_superuser("admin", "admin@50a.fr", "pass"))
    return client


def page_of(response):
    return BeautifulSoup(response.content, "html.parser")


def test_a_zipped_markdown_folder_creates_its_entries_and_lists_a_broken_file(admin_client):
    response = admin_client.post("/admin/glossaire/import/", {"files": [folder_zip()]}, follow=True)
    page = page_of(response)
    assert "Résultat de l’import" in page.get_text()
    assert sorted(GlossaryEntryPage.objects.values_list("slug", flat=True)) == ["lead-magnet", "persona"]
    assert GlossaryEntryPage.objects.get(slug="persona").live
    assert [cell.get_text() for cell in page.select("table.listing td")] == [
        "glossaire/casse.md",
        "1",
        "en-tête « --- » manquant",
    ]
    record = GlossaryImport.objects.get()
    assert (record.status, record.processed, record.total, record.rows) == ("done", 3, 3, [])
    assert sorted(record.report["created"]) == ["lead-magnet", "persona"]
    assert record.sources == "glossaire.zip" and record.created_by.username == "admin"


def test_a_dry_run_from_the_admin_stores_no_entry(admin_client):
    response = admin_client.post("/admin/glossaire/import/", {"files": [folder_zip()], "dry_run": "on"}, follow=True)
    page = page_of(response)
    assert "Résultat de l’essai à blanc" in page.get_text()
    assert "rien n’a été enregistré. Seraient créées : 2 ;" in page.get_text()
    assert GlossaryEntryPage.objects.count() == 0


def many_files():
    return {f"glossaire/terme-{number}.md": "" for number in range(5001)}


@pytest.mark.parametrize(
    ("upload", "reason"),
    [
        (SimpleUploadedFile("glossaire.zip", b"PK\x03\x04 pas vraiment un zip"), "archive illisible ou corrompue"),
        (lambda: zip_upload(many_files()), "plus de 5\xa0000 fichiers dans l’archive"),
        (lambda: zip_upload({"bombe.md": "0" * (21 * 1024 * 1024)}), "plus de 20 Mo une fois décompressée"),
        (lambda: zip_upload({"notes.txt": "rien"}), "aucun fichier .md dans l’archive"),
    ],
    ids=["corrupt", "too-many-files", "too-big-unpacked", "no-markdown"],
)
def test_a_refused_archive_is_reported_on_the_field_and_nothing_is_imported(admin_client, upload, reason):
    upload = upload() if callable(upload) else upload
    response = admin_client.post("/admin/glossaire/import/", {"files": [upload]})
    assert response.status_code == 200
    page = page_of(response)
    field = page.find("input", attrs={"name": "files"})
    assert field["aria-invalid"] == "true"
    error = field.find_parent(class_="w-field").select_one(".error-message")
    assert error.get_text(strip=True) == f"« {upload.name} » : {reason} ; rien n’a été importé."
    assert (GlossaryImport.objects.count(), GlossaryEntryPage.objects.count()) == (0, 0)


def test_the_status_page_shows_the_progress_then_the_report(admin_client):
    running = GlossaryImport.objects.create(status="running", processed=12, total=40, sources="glossaire.csv")
    page = page_of(admin_client.get(f"/admin/glossaire/import/{running.pk}/"))
    bar = page.find("progress")
    assert (bar["value"], bar["max"], bar.get_text()) == ("12", "40", "12 / 40 lignes")
    assert page.find(id=bar["aria-describedby"]).get_text() == "12 / 40 lignes"
    assert page.find("label", attrs={"for": bar["id"]}).get_text() == "Progression"
    assert page.find("a", string="Actualiser")["href"] == f"/admin/glossaire/import/{running.pk}/"
    assert page.find("script", src="/static/js/glossary-import.js") is not None
    state = admin_client.get(f"/admin/glossaire/import/{running.pk}/progression/").json()
    assert (state["text"], state["finished"], state["status_text"]) == ("12 / 40 lignes", False, "Import en cours…")

    rows = list(read_csv("slug,title,short_definition\nseo,SEO,Le référencement naturel.\n,,Sans terme\n"))
    pending = GlossaryImport.objects.create(dry_run=False, rows=rows_as_json(rows), total=len(rows))
    page = page_of(admin_client.get(f"/admin/glossaire/import/{pending.pk}/"))
    assert "En attente" in page.select_one("[data-glossary-import-status]").get_text()
    assert page.find("progress").get_text() == "0 / 2 lignes"

    run_glossary_import.enqueue(pending.pk)
    state = admin_client.get(f"/admin/glossaire/import/{pending.pk}/progression/").json()
    assert (state["text"], state["finished"]) == ("2 / 2 lignes", True)
    page = page_of(admin_client.get(f"/admin/glossaire/import/{pending.pk}/"))
    assert page.find("progress") is None
    assert "Créées : 1 ; mises à jour : 0 ; inchangées : 0. Erreurs : 1." in page.find(
        "section", class_="glossary-import__result"
    ).get_text(" ", strip=True)
    assert [cell.get_text() for cell in page.select("table.listing td")][:2] == ["import.csv", "3"]
    assert GlossaryEntryPage.objects.filter(slug="seo", live=True).exists()

    history = page_of(admin_client.get("/admin/glossaire/import/"))
    assert len(history.select(".glossary-import__history tbody tr")) == 2


def test_the_progress_is_stored_for_other_processes_while_the_import_runs(monkeypatch, glossary_index):
    text = "slug,title,short_definition\n" + "".join(f"t{n},Terme {n},Définition {n}.\n" for n in range(4))
    rows = list(read_csv(text))
    record = GlossaryImport.objects.create(dry_run=False, rows=rows_as_json(rows), total=len(rows))
    seen = []
    real_import_rows = upsert.import_rows

    def import_rows_watched(rows, progress, **options):
        def watched(done, steps):
            progress(done, steps)
            stored = GlossaryImport.objects.get(pk=record.pk)
            seen.append((stored.status, stored.processed))

        return real_import_rows(rows, progress=watched, **options)

    monkeypatch.setattr(upsert, "import_rows", import_rows_watched)
    monkeypatch.setattr(job, "PROGRESS_WRITE_INTERVAL", 0)
    run_glossary_import.enqueue(record.pk)
    assert {status for status, _processed in seen} == {"running"}
    processed = [count for _status, count in seen]
    assert processed == sorted(processed) and processed[0] < processed[-1] == 4
    assert GlossaryImport.objects.get(pk=record.pk).status == "done"


def test_an_import_runs_once_even_if_its_job_is_delivered_twice(admin_client):
    rows = list(read_csv("slug,title,short_definition\nseo,SEO,Le référencement naturel.\n"))
    record = GlossaryImport.objects.create(dry_run=False, rows=rows_as_json(rows), total=1)
    run_glossary_import.enqueue(record.pk)
    run_glossary_import.enqueue(record.pk)
    record.refresh_from_db()
    assert record.report["created"] == ["seo"] and GlossaryEntryPage.objects.filter(slug="seo").count() == 1


def test_the_status_pages_need_publishing_rights(client, glossary_index):
    record = GlossaryImport.objects.create(status="done", total=1, report={})
    user = get_user_model().objects.create_user("visiteur", "v@50a.fr", "pass")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    for url in (f"/admin/glossaire/import/{record.pk}/", f"/admin/glossaire/import/{record.pk}/progression/"):
        response = client.get(url)
        assert (response.status_code, response["Location"]) == (302, "/admin/")


def running_import(csv_text, last_progress_ago, **fields):
    """An import a worker claimed and, last_progress_ago before now, stopped writing about."""
    rows = list(read_csv(csv_text))
    record = GlossaryImport.objects.create(
        status="running", dry_run=False, rows=rows_as_json(rows), total=len(rows), processed=1, **fields
    )
    GlossaryImport.objects.filter(pk=record.pk).update(updated_at=timezone.now() - last_progress_ago)
    return record


def test_an_import_whose_worker_died_shows_interrupted_and_its_relaunch_imports_the_entries(admin_client):
    text = "slug,title,short_definition\nseo,SEO,Le référencement naturel.\nsea,SEA,Le référencement payant.\n"
    record = running_import(text, IMPORT_STALLED_AFTER + timedelta(seconds=5), sources="glossaire.csv")
    status_url = f"/admin/glossaire/import/{record.pk}/"

    page = page_of(admin_client.get(status_url))
    alert = page.select_one(".glossary-import__interrupted [role=alert]").get_text()
    assert alert.startswith("Import interrompu : aucune progression depuis plus de 10 minutes")
    # Nothing for the script to poll any more.
    assert page.select("[data-glossary-import-progress]") == []
    assert page.find("progress").get_text() == "1 / 2 lignes"
    form = page.find("button", string="Relancer").find_parent("form")
    assert (form["method"], form["action"]) == ("post", f"/admin/glossaire/import/{record.pk}/relancer/")
    assert form.find("input", attrs={"name": "csrfmiddlewaretoken"}) is not None
    state = admin_client.get(f"{status_url}progression/").json()
    assert (state["interrupted"], state["finished"]) == (True, False)
    history = page_of(admin_client.get("/admin/glossaire/import/"))
    assert history.select(".glossary-import__history tbody td")[-1].get_text() == "interrompu"

    assert admin_client.get(f"{status_url}relancer/").status_code == 405
    response = admin_client.post(f"{status_url}relancer/")
    assert response["Location"] == status_url
    record.refresh_from_db()
    assert (record.status, record.processed, record.rows) == ("done", 2, [])
    assert sorted(record.report["created"]) == ["sea", "seo"]
    assert set(GlossaryEntryPage.objects.filter(live=True).values_list("slug", flat=True)) == {"sea", "seo"}
    page = page_of(admin_client.get(status_url))
    assert "Créées : 2 ; mises à jour : 0 ; inchangées : 0. Erreurs : 0." in page.get_text(" ", strip=True)
    history = page_of(admin_client.get("/admin/glossaire/import/"))
    assert history.select(".glossary-import__history tbody td")[-1].get_text() == "terminé"


def test_a_running_import_with_recent_progress_is_neither_interrupted_nor_relaunched(admin_client):
    record = running_import("slug,title,short_definition\nseo,SEO,Le référencement.\n", timedelta(minutes=2))
    status_url = f"/admin/glossaire/import/{record.pk}/"
    page = page_of(admin_client.get(status_url))
    assert page.select_one("[data-glossary-import-status]").get_text() == "Import en cours…"
    assert page.find("button", string="Relancer") is None
    response = admin_client.post(f"{status_url}relancer/", follow=True)
    assert "ne peut pas être relancé" in page_of(response).get_text()
    record.refresh_from_db()
    assert record.status == "running" and not GlossaryEntryPage.objects.exists()


def test_an_interrupted_import_without_its_rows_cannot_be_relaunched(admin_client):
    record = running_import("slug,title,short_definition\nseo,SEO,Le référencement.\n", timedelta(hours=1))
    GlossaryImport.objects.filter(pk=record.pk).update(rows=[], updated_at=timezone.now() - timedelta(hours=1))
    status_url = f"/admin/glossaire/import/{record.pk}/"
    page = page_of(admin_client.get(status_url))
    assert "interrompu" in page.select_one("[role=alert]").get_text()
    assert page.find("button", string="Relancer") is None
    admin_client.post(f"{status_url}relancer/")
    record.refresh_from_db()
    assert record.status == "running" and not GlossaryEntryPage.objects.exists()


def test_a_failed_import_tells_the_editor_in_french_once_and_logs_the_detail(admin_client, monkeypatch, caplog):
    def broken_import_rows(*args, **kwargs):
        raise RuntimeError("connection to server was lost.")

    monkeypatch.setattr(upsert, "import_rows", broken_import_rows)
    rows = list(read_csv("slug,title,short_definition\nseo,SEO,Le référencement.\n"))
    record = GlossaryImport.objects.create(dry_run=False, rows=rows_as_json(rows), total=1)
    run_glossary_import.enqueue(record.pk)
    alert = page_of(admin_client.get(f"/admin/glossaire/import/{record.pk}/")).select_one("[role=alert]")
    assert alert.get_text(" ", strip=True) == (
        "L’import a échoué : erreur technique pendant l’import, consignée dans le journal du serveur."
    )
    assert "connection to server was lost." in caplog.text

    # A reason stored with its own full stop still ends the sentence with one.
    GlossaryImport.objects.filter(pk=record.pk).update(failure="la tâche de fond n’a pas pu être lancée.")
    alert = page_of(admin_client.get(f"/admin/glossaire/import/{record.pk}/")).select_one("[role=alert]")
    assert alert.get_text(" ", strip=True) == "L’import a échoué : la tâche de fond n’a pas pu être lancée."


def test_an_unreadable_csv_is_refused_in_french(admin_client, caplog):
    # A cell past the csv module's field size limit (131,072 characters).
    text = 'slug,title,short_definition\nseo,SEO,"' + "x" * 140_000 + '"\n'
    upload = SimpleUploadedFile("glossaire.csv", text.encode("utf-8"), content_type="text/csv")
    page = page_of(admin_client.post("/admin/glossaire/import/", {"files": [upload]}))
    error = page.find("input", attrs={"name": "files"}).find_parent(class_="w-field").select_one(".error-message")
    assert error.get_text(strip=True) == (
        "« glossaire.csv » : CSV illisible (caractère nul ou cellule trop longue ?) ; enregistrez-le de nouveau en "
        "CSV UTF-8 depuis le tableur. Rien n’a été importé."
    )
    assert "field larger than field limit" in caplog.text
    assert GlossaryImport.objects.count() == 0
