"""The admin import's status page in Chromium: the bar follows the stored progress, then the page shows the report."""

from django.utils import timezone
from playwright.sync_api import expect

from agency_site.tests.browser.fixtures import log_in_as_editor
from glossary.models import IMPORT_STALLED_AFTER, GlossaryImport


def test_the_status_page_follows_the_import_then_shows_its_report(page, live_site):
    editor = log_in_as_editor(page, live_site)
    record = GlossaryImport.objects.create(
        status=GlossaryImport.Status.RUNNING, processed=12, total=40, sources="glossaire.zip", created_by=editor
    )

    page.goto(f"/admin/glossaire/import/{record.pk}/")
    bar = page.get_by_role("progressbar", name="Progression")
    expect(bar).to_have_js_property("value", 12)
    expect(page.locator("[data-glossary-import-text]")).to_have_text("12 / 40 lignes")
    violations = page.evaluate(
        """async () => (await axe.run(document.querySelector(".glossary-import__progress"), {
            runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]},
        })).violations.map(v => v.id)"""
    )
    assert violations == []

    GlossaryImport.objects.filter(pk=record.pk).update(processed=30)
    expect(page.locator("[data-glossary-import-text]")).to_have_text("30 / 40 lignes")
    expect(bar).to_have_js_property("value", 30)

    GlossaryImport.objects.filter(pk=record.pk).update(
        status=GlossaryImport.Status.DONE,
        processed=40,
        report={"dry_run": False, "created": ["persona"], "updated": [], "skipped": [], "errors": []},
    )
    expect(page.get_by_role("heading", name="Résultat de l’import")).to_be_visible()
    expect(page.locator(".glossary-import__result")).to_contain_text("persona")
    expect(bar).to_have_count(0)


def test_the_status_page_stops_following_an_import_whose_worker_died_and_offers_to_relaunch_it(page, live_site):
    editor = log_in_as_editor(page, live_site)
    record = GlossaryImport.objects.create(
        status=GlossaryImport.Status.RUNNING,
        processed=12,
        total=40,
        rows=[{"source": "glossaire.csv", "line": 2, "values": {"title": "Persona"}}],
        created_by=editor,
    )
    page.goto(f"/admin/glossaire/import/{record.pk}/")
    expect(page.locator("[data-glossary-import-text]")).to_have_text("12 / 40 lignes")

    GlossaryImport.objects.filter(pk=record.pk).update(updated_at=timezone.now() - IMPORT_STALLED_AFTER * 2)
    expect(page.get_by_role("alert")).to_contain_text("Import interrompu")
    expect(page.get_by_role("button", name="Relancer")).to_be_visible()
    expect(page.get_by_role("progressbar", name="Progression au moment de l’arrêt")).to_have_js_property("value", 12)
    # The reloaded page holds nothing for the script to poll.
    expect(page.locator("[data-glossary-import-progress]")).to_have_count(0)
