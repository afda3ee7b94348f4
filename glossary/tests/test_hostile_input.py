"""What a bot or a careless upload sends never answers 5xx, and never fills a table without bound."""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from glossary import models
from glossary.models import GlossaryEntryPage, GlossaryImport, GlossarySearchMiss
from glossary.transfer.readers import read_csv, read_markdown_file
from glossary.transfer.upsert import import_rows

pytestmark = pytest.mark.django_db

HOSTILE_QUERIES = {
    "nul-byte": "lead\x00",
    "only-nul": "\x00\x00",
    "long": "é" * 5000,
    "odd-unicode": "\u202e\ufeff𝔩𝔢𝔞𝔡 \u0301\u200b",
    "control": "\x1b[31mlead\x7f",
}


@pytest.mark.parametrize("query", HOSTILE_QUERIES.values(), ids=HOSTILE_QUERIES.keys())
def test_odd_queries_get_results_or_a_french_message(client, small_glossary, query):
    response = client.get("/glossaire/recherche/", {"q": query})
    assert response.status_code == 200
    page = BeautifulSoup(response.content, "html.parser")
    assert page.find("h1").get_text() == "Rechercher dans le glossaire"
    count = page.select_one(".glossary-results__count")
    # A query left empty once cleaned shows the search form again; any other gets a French count.
    assert count is None or "résultat" in count.get_text()
    suggestions = client.get("/glossaire/suggestions/", {"q": query})
    assert suggestions.status_code == 200
    assert len(suggestions.json()["query"]) <= 200
    assert all(miss.query == miss.query.replace("\x00", "") for miss in GlossarySearchMiss.objects.all())


def test_a_nul_byte_does_not_hide_the_entry_searched_for(client, small_glossary):
    response = client.get("/glossaire/recherche/", {"q": "lead\x00"})
    titles = [link.get_text() for link in BeautifulSoup(response.content, "html.parser").select(".glossary-results a")]
    assert titles == ["Lead"]


def test_search_misses_are_one_row_per_wording_capped_and_purged(client, small_glossary, monkeypatch):
    monkeypatch.setattr(models, "SEARCH_MISS_MAX_ROWS", 3)
    GlossarySearchMiss.objects.create(normalised_query="ancien", query="ancien")
    GlossarySearchMiss.objects.filter(normalised_query="ancien").update(
        last_searched_at=timezone.now() - models.SEARCH_MISS_RETENTION - timedelta(days=1)
    )
    for query in ["blockchain", "Blockchains", "metavers", "web3", "nft", "nft"]:
        client.get("/glossaire/recherche/", {"q": query})
    client.get("/glossaire/recherche/", {"q": "x" * 5000})
    rows = dict(GlossarySearchMiss.objects.values_list("normalised_query", "count"))
    # The oldest wording went with its retention; the least searched made room for the newest.
    assert "ancien" not in rows
    assert len(rows) == 3
    assert rows["blockchain"] == 2 and rows["nft"] == 2
    assert max(len(query) for query in rows) <= 200


def test_bad_rows_are_reported_in_french_and_the_others_imported(glossary_index):
    markdown_list_title = "---\ntitle:\n  - un\n  - deux\ndefinition: Une liste au lieu d’un texte.\n---\n".encode()
    markdown_nul = "---\ntitle: Nul\ndefinition: Un caractère \x00 nul.\n---\n".encode()
    markdown_latin1 = "---\ntitle: Café\ndefinition: Écrit en Latin-1.\n---\n".encode("latin-1")
    csv_latin1 = "slug,title,short_definition\ncafe-csv,Café,Pas en UTF-8.\nseo,SEO,Le référencement.\n".encode(
        "latin-1"
    )
    rows = [
        read_markdown_file("liste.md", markdown_list_title),
        read_markdown_file("nul.md", markdown_nul),
        read_markdown_file("latin1.md", markdown_latin1),
        *read_csv(csv_latin1.decode("utf-8", errors="replace"), source="latin1.csv"),
        *read_csv("slug,title,short_definition\nlead,Lead,Un contact.\n", source="bon.csv"),
    ]
    report = import_rows(rows, index_page=glossary_index)
    errors = {source_line[0] + ":" + str(source_line[1]): source_line[2] for source_line in report.errors}
    assert errors == {
        "liste.md:1": "la colonne « title » attend un texte, pas une liste",
        "nul.md:1": "la colonne « short_definition » contient un caractère nul",
        "latin1.md:1": "fichier illisible : il n’est pas en UTF-8",
        "latin1.csv:2": "la colonne « title » contient des caractères illisibles : le fichier n’est pas en UTF-8",
        "latin1.csv:3": "la colonne « short_definition » contient des caractères illisibles : le fichier n’est pas en UTF-8",
    }
    assert report.created == ["lead"]
    assert list(GlossaryEntryPage.objects.values_list("slug", flat=True)) == ["lead"]


@pytest.fixture
def admin_client(client, glossary_index):
    client.force_login(get_user_model().objects.create_superuser("admin", "admin@50a.fr", "pass"))
    return client


def test_an_upload_too_big_in_total_is_refused_on_the_field(admin_client, monkeypatch):
    from glossary import forms

    monkeypatch.setattr(forms, "UPLOAD_MAX_BYTES", 100)
    files = [SimpleUploadedFile(f"terme-{number}.md", b"---\ntitle: Terme\n---\n" + b"x" * 60) for number in range(2)]
    response = admin_client.post("/admin/glossaire/import/", {"files": files})
    assert response.status_code == 200
    error = BeautifulSoup(response.content, "html.parser").select_one(".error-message").get_text(strip=True)
    assert error == "Ces fichiers dépassent 0 Mo à eux tous : importez-les en plusieurs fois."
    assert not GlossaryImport.objects.exists()


def test_an_import_whose_job_was_lost_before_any_worker_shows_interrupted_and_relaunches(admin_client):
    record = GlossaryImport.objects.create(
        sources="glossaire.csv",
        dry_run=False,
        rows=[
            {
                "source": "glossaire.csv",
                "line": 2,
                "values": {"slug": "seo", "title": "SEO", "short_definition": "Le SEO."},
            }
        ],
        total=1,
    )
    GlossaryImport.objects.filter(pk=record.pk).update(
        updated_at=timezone.now() - models.IMPORT_STALLED_AFTER - timedelta(seconds=5)
    )
    status_url = f"/admin/glossaire/import/{record.pk}/"
    page = BeautifulSoup(admin_client.get(status_url).content, "html.parser")
    assert page.find("button", string="Relancer") is not None
    history = BeautifulSoup(admin_client.get("/admin/glossaire/import/").content, "html.parser")
    assert history.select(".glossary-import__history tbody td")[-1].get_text() == "interrompu"

    admin_client.post(f"{status_url}relancer/")
    record.refresh_from_db()
    assert (record.status, record.report["created"]) == ("done", ["seo"])
    assert GlossaryEntryPage.objects.get(slug="seo").live
