"""Every page type in Chromium: axe-core finds no violation, the Nu HTML checker no error, no console error."""

import shutil

from .fixtures import ARTIFACTS, artifact_name, axe_violations, nu_errors, screenshots

ENTRY = "/glossaire/agence-community-management/"

PAGE_TYPES = {
    "accueil": "/",
    "glossaire": "/glossaire/",
    "glossaire lettre": "/glossaire/lettre/a/",
    "glossaire entrée": ENTRY,
    "glossaire recherche": "/glossaire/recherche/?q=community",
    "offres": "/offres/",
    "offre": "/offres/social-media/",
    "contact": "/contact/",
    "mentions légales": "/mentions-legales/",
}


def check_page(page, name, html_folder):
    """Screenshots, axe-core, and the rendered HTML kept for the Nu checker; returns axe's violations."""
    screenshots(page, name)
    html_file = html_folder / f"{artifact_name(name)}.html"
    html_file.write_text(page.content(), encoding="utf-8")
    return axe_violations(page)


def test_every_page_type_passes_axe_and_the_nu_html_checker(page, console):
    html_folder = ARTIFACTS / "html"
    shutil.rmtree(html_folder, ignore_errors=True)
    html_folder.mkdir(parents=True)
    violations = {}

    for name, url in PAGE_TYPES.items():
        response = page.goto(url)
        assert response.status == 200, f"{name}: {url} answered {response.status}"
        assert page.locator("h1").count() == 1, f"{name} must have exactly one h1"
        violations[name] = check_page(page, name, html_folder)

    # The contact form sent empty: errors listed at the top and tied to their fields.
    page.goto("/contact/")
    page.get_by_role("button", name="Envoyer").click()
    page.get_by_role("alert").wait_for()
    assert page.get_by_label("Nom et prénom").get_attribute("aria-invalid") == "true"
    violations["contact avec erreurs"] = check_page(page, "contact avec erreurs", html_folder)

    console.expect(r"status of 404")
    response = page.goto("/cette-page-n-existe-pas/")
    assert response.status == 404
    assert page.get_by_role("heading", level=1).inner_text() == "Page introuvable"
    violations["404"] = check_page(page, "404", html_folder)

    assert {name: found for name, found in violations.items() if found} == {}
    assert nu_errors(sorted(html_folder.glob("*.html"))) == []
