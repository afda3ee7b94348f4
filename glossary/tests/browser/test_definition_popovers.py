"""Auto-link definitions in Chromium: by mouse, keyboard and touch, closed by Escape, a plain link without JavaScript."""

from playwright.sync_api import expect

from agency_site.tests.browser.fixtures import DESKTOP, PHONE

ENTRY_URL = "/glossaire/agence-community-management/"


def first_auto_link(page):
    link = page.locator("article a.glossary-link").first
    expect(link).to_be_visible()
    return link


def test_hover_and_keyboard_focus_show_the_definition_and_escape_closes_it(page):
    page.set_viewport_size(DESKTOP)
    page.goto(ENTRY_URL)
    link = first_auto_link(page)
    popover = page.locator("#" + link.get_attribute("aria-describedby"))
    definition = link.get_attribute("data-glossary-definition")
    expect(popover).to_be_hidden()

    link.hover()
    expect(popover).to_be_visible()
    expect(popover).to_contain_text(definition)
    page.mouse.move(0, 0)
    expect(popover).to_be_hidden()

    link.focus()
    expect(popover).to_be_visible()
    page.keyboard.press("Escape")
    expect(popover).to_be_hidden()
    expect(link).to_be_focused()


def test_a_tap_on_the_button_toggles_the_definition(chromium, live_site):
    context = chromium.new_context(viewport=PHONE, has_touch=True, is_mobile=True, base_url=live_site.url)
    page = context.new_page()
    page.goto(ENTRY_URL)
    link = first_auto_link(page)
    term = link.get_attribute("data-glossary-term")
    button = page.get_by_role("button", name=f"Définition de «\u00a0{term}\u00a0»").first
    expect(button).to_have_attribute("aria-expanded", "false")
    button.tap()
    expect(button).to_have_attribute("aria-expanded", "true")
    expect(page.locator("#" + button.get_attribute("aria-controls"))).to_be_visible()
    button.tap()
    expect(button).to_have_attribute("aria-expanded", "false")
    context.close()


def test_without_javascript_an_auto_link_is_a_plain_link(chromium, live_site):
    context = chromium.new_context(viewport=DESKTOP, java_script_enabled=False, base_url=live_site.url)
    page = context.new_page()
    page.goto(ENTRY_URL)
    link = first_auto_link(page)
    href = link.get_attribute("href")
    expect(page.locator("button.glossary-term__toggle")).to_have_count(0)
    link.click()
    expect(page).to_have_url(live_site.url + href)
    context.close()
