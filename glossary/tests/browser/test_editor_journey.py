"""An editor publishes a glossary entry with an image in the Wagtail admin; a visitor then finds it."""

import re

from PIL import Image as PILImage
from playwright.sync_api import expect

from agency_site.tests.browser.fixtures import log_in_as_editor, screenshots
from glossary.models import GlossaryEntryPage, GlossaryIndexPage

TITLE = "Taux de rebond"
DEFINITION = "Le taux de rebond est la part des visites qui quittent le site après une seule page."


def test_editor_publishes_an_entry_with_an_image_and_a_visitor_finds_it(page, live_site, tmp_path, settings):
    # Autosave posts while the editor types; against the test run's in-memory SQLite those posts can meet
    # the publish request's write lock. Real databases take both; the editor's own actions are what we test.
    settings.WAGTAIL_AUTOSAVE_INTERVAL = 0
    photo = tmp_path / "courbe-de-rebond.png"
    PILImage.new("RGB", (800, 450), "#14213d").save(photo)
    index = GlossaryIndexPage.objects.get()
    log_in_as_editor(page, live_site)

    page.goto(f"/admin/pages/{index.pk}/")
    page.get_by_role("link", name=re.compile("Ajouter une page enfant|Ajouter une sous-page")).first.click()
    page.locator("#id_title").fill(TITLE)
    page.locator("#id_short_definition").fill(DEFINITION)

    page.get_by_role("button", name="Insérer un bloc").first.click()
    page.get_by_role("option", name="Image").click()
    page.get_by_role("button", name="Choisir une image").click()
    modal = page.get_by_role("dialog")
    modal.get_by_role("tab", name="Transférer").click()
    modal.locator("input[type=file]").set_input_files(photo)
    # Wagtail first proposes the file name as the title; the editor then writes a real one.
    expect(modal.get_by_role("textbox", name="Titre")).to_have_value("courbe-de-rebond")
    modal.get_by_role("textbox", name="Titre").fill("Courbe du taux de rebond")
    modal.get_by_role("button", name="Transférer").click()
    expect(modal).to_be_hidden()
    page.get_by_label("Texte alternatif").fill("Courbe du taux de rebond sur un mois")

    page.get_by_role("button", name="Plus d'actions").click()
    page.get_by_role("button", name="Publier").click()
    expect(page.get_by_text(re.compile(rf"«\s*{TITLE}\s*» créée et publiée"))).to_be_visible()
    entry = GlossaryEntryPage.objects.get(title=TITLE)
    assert entry.live
    assert entry.body[0].value["image"].title == "Courbe du taux de rebond"

    # The admin is not the public site: log out so the visitor sees what anyone sees.
    page.context.clear_cookies()
    page.goto("/glossaire/")
    page.get_by_role("main").get_by_role("link", name=TITLE, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    image = page.get_by_role("img", name="Courbe du taux de rebond sur un mois")
    expect(image).to_be_visible()
    # Lazy and rendered on first request: wait until the browser has the picture (decode() fails on a broken one).
    image.evaluate("img => img.decode()")
    assert image.evaluate("img => img.complete && img.naturalWidth > 0")
    screenshots(page, "entrée publiée")

    page.goto("/glossaire/lettre/t/")
    expect(page.get_by_role("main").get_by_role("link", name=TITLE, exact=True)).to_be_visible()

    page.goto("/glossaire/")
    page.get_by_label("Rechercher un terme").fill("rebond")
    page.get_by_label("Rechercher un terme").press("Enter")
    expect(page.get_by_role("main").get_by_role("link", name=TITLE, exact=True)).to_be_visible()
