"""Visitors in Chromium: from the home page to a sent contact form, with the mouse, by touch, with the keyboard only."""

import re

import pytest
from playwright.sync_api import expect

from contact.models import ContactSubmission

from .fixtures import DESKTOP, PHONE, screenshots

ENTRY_TITLE = "Agence community management"
THANKS_HEADING = "Merci, votre message a bien été envoyé"


def test_visitor_goes_from_home_to_an_entry_to_an_offer_and_sends_the_form(page):
    page.set_viewport_size(DESKTOP)
    page.goto("/")
    page.get_by_role("link", name="Parcourir le glossaire").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Glossaire")

    # Each letter's link says how many entries it holds: « A (3 termes) ».
    page.get_by_role("navigation", name="Glossaire de A à Z").get_by_role("link", name=re.compile(r"^A \(")).click()
    expect(page).to_have_url(re.compile(r"/glossaire/lettre/a/$"))
    page.get_by_role("main").get_by_role("link", name=ENTRY_TITLE, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(ENTRY_TITLE)
    breadcrumbs = page.get_by_role("navigation", name="Fil d’Ariane")
    expect(breadcrumbs).to_have_text(re.compile(rf"Accueil\s*›?\s*Glossaire\s*›?\s*{ENTRY_TITLE}"))
    screenshots(page, "parcours entrée")
    # On paper the entry is the article alone: no menu, no form, no footer.
    page.emulate_media(media="print")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.get_by_role("navigation", name="Menu principal")).to_be_hidden()
    expect(page.get_by_role("button", name="Envoyer")).to_be_hidden()
    expect(page.get_by_role("contentinfo")).to_be_hidden()
    page.emulate_media(media="screen")

    page.get_by_role("link", name="Voir notre offre : Social media").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Social media")
    page.get_by_label("Nom et prénom").fill("Camille Martin")
    page.get_by_label("Société").fill("Boulangerie Martin")
    page.get_by_label("E-mail").fill("camille@boulangerie-martin.fr")
    page.get_by_label("Message").fill("Bonjour, nous voudrions animer notre page Instagram.")
    page.get_by_role("button", name="Envoyer").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(THANKS_HEADING)
    expect(page.get_by_role("status")).to_contain_text(THANKS_HEADING)
    submission = ContactSubmission.objects.get(email="camille@boulangerie-martin.fr")
    assert submission.company == "Boulangerie Martin"
    assert submission.quarantined is False, submission.spam_reason
    assert submission.source_page.title == "Social media"
    screenshots(page, "parcours confirmation")


def test_visitor_with_mistakes_is_told_where_they_are_and_fixes_them(page):
    page.goto("/contact/")
    page.get_by_label("E-mail").fill("camille.boulangerie")
    page.get_by_label("Message").fill("Pouvez-vous me rappeler ?")
    page.get_by_role("button", name="Envoyer").click()

    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Le formulaire contient des erreurs")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link", name=re.compile("Nom et prénom"))).to_contain_text(
        "Indiquez votre nom et prénom."
    )
    email = page.get_by_label("E-mail")
    expect(email).to_have_attribute("aria-invalid", "true")
    described_by = email.get_attribute("aria-describedby").split()
    assert any("nom@societe.fr" in page.locator(f"[id='{ident}']").inner_text() for ident in described_by)
    # What the visitor typed is kept.
    expect(page.get_by_label("Message")).to_have_value("Pouvez-vous me rappeler ?")
    screenshots(page, "contact erreurs")

    summary.get_by_role("link", name=re.compile("Nom et prénom")).click()
    expect(page.get_by_label("Nom et prénom")).to_be_focused()
    page.get_by_label("Nom et prénom").fill("Camille Martin")
    email.fill("camille@boulangerie-martin.fr")
    page.get_by_role("button", name="Envoyer").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(THANKS_HEADING)
    assert ContactSubmission.objects.get(email="camille@boulangerie-martin.fr").quarantined is False


def focused_text(page):
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            return el ? (el.textContent || el.value || el.getAttribute("aria-label") || "").replace(/\\s+/g, " ").trim() : "";
        }"""
    )


def tab_to(page, matches, limit=200):
    """Press Tab until the focused element's text satisfies `matches`; fails if it never does."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if matches(focused_text(page)):
            return
    pytest.fail(f"Tab never reached the element on {page.url}")


def tab_to_field(page, label):
    field = page.get_by_label(label)
    for _ in range(200):
        page.keyboard.press("Tab")
        if field.evaluate("el => el === document.activeElement"):
            return
    pytest.fail(f"Tab never reached the field {label!r} on {page.url}")


def test_keyboard_only_visitor_takes_the_same_path_and_fixes_a_mistake(page):
    page.goto("/")
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Aller au contenu")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()

    # At phone width the menu is behind its button: open it with the keyboard.
    page.goto("/")
    tab_to(page, lambda text: text == "Menu")
    expect(page.get_by_role("link", name="Glossaire", exact=True)).to_be_hidden()
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name="Menu")).to_have_attribute("aria-expanded", "true")
    tab_to(page, lambda text: text == "Glossaire")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Glossaire")

    tab_to(page, lambda text: re.match(r"A\s*\(", text))
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/glossaire/lettre/a/$"))
    tab_to(page, lambda text: text == ENTRY_TITLE)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(ENTRY_TITLE)

    tab_to(page, lambda text: text == "Voir notre offre : Social media")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Social media")

    tab_to_field(page, "Nom et prénom")
    page.keyboard.type("Dominique Roux")
    tab_to_field(page, "Message")
    page.keyboard.type("Un devis pour une stratégie social media, s’il vous plaît.")
    tab_to(page, lambda text: text == "Envoyer")
    page.keyboard.press("Enter")

    summary = page.get_by_role("alert")
    expect(summary).to_be_focused()
    tab_to(page, lambda text: text.startswith("E-mail"))
    page.keyboard.press("Enter")
    expect(page.get_by_label("E-mail")).to_be_focused()
    page.keyboard.type("dominique@roux-conseil.fr")
    tab_to(page, lambda text: text == "Envoyer")
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text(THANKS_HEADING)
    submission = ContactSubmission.objects.get(email="dominique@roux-conseil.fr")
    assert (submission.name, submission.quarantined) == ("Dominique Roux", False)


def test_header_menu_opens_by_touch_and_closes_with_escape(chromium, live_site):
    context = chromium.new_context(viewport=PHONE, has_touch=True, is_mobile=True, base_url=live_site.url)
    page = context.new_page()
    page.goto("/offres/")
    toggle = page.get_by_role("button", name="Menu")
    glossary_link = page.get_by_role("link", name="Glossaire", exact=True)
    expect(glossary_link).to_be_hidden()

    toggle.tap()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(glossary_link).to_be_visible()
    expect(page.get_by_role("link", name="Nos offres", exact=True)).to_have_attribute("aria-current", "page")
    screenshots(page, "menu ouvert")

    page.keyboard.press("Escape")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(toggle).to_be_focused()
    expect(glossary_link).to_be_hidden()
    context.close()


def test_header_menu_is_a_visible_list_of_links_without_javascript(chromium, live_site):
    context = chromium.new_context(viewport=PHONE, java_script_enabled=False, base_url=live_site.url)
    page = context.new_page()
    page.goto("/")

    expect(page.get_by_role("button", name="Menu")).to_have_count(0)
    menu = page.get_by_role("navigation", name="Menu principal")
    expect(menu.get_by_role("link")).to_have_text(["Nos offres", "Glossaire", "Contact"])
    menu.get_by_role("link", name="Glossaire").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Glossaire")
    context.close()
