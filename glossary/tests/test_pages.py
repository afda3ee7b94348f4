"""What a visitor sees on the glossary index, letter pages, search and entries."""

import json

import pytest
from bs4 import BeautifulSoup
from wagtail.models import PageViewRestriction

from glossary.models import GlossaryRelatedEntry, GlossarySearchMiss
from glossary.tests.factories import GlossaryCategoryFactory

from .conftest import publish_entry

pytestmark = pytest.mark.django_db


def soup_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return BeautifulSoup(response.content, "html.parser")


def json_ld(soup, schema_type):
    documents = [json.loads(script.string) for script in soup.find_all("script", type="application/ld+json")]
    return [document for document in documents if document.get("@type") == schema_type]


def listed_titles(soup):
    return [a.get_text() for a in soup.select(".glossary-group .entry-list a")]


def test_the_index_lists_an_entry_with_its_definition(client, site_tree):
    soup = soup_of(client, "/glossaire/")
    link = soup.find("a", href="/glossaire/agence-community-management/")
    assert link.get_text(strip=True) == "Agence community management"
    assert "élabore des stratégies de création de communautés" in " ".join(soup.find("main").get_text(" ").split())


def test_index_lists_entries_in_french_collation_under_folded_letters(client, small_glossary):
    soup = soup_of(client, "/glossaire/")
    assert listed_titles(soup) == [
        "360°",
        "Community management",
        "Écoute sociale",
        "Emoji",
        "E-réputation",
        "Lead",
        "Œil du client",
        "Taux d’engagement",
        "Zèbre",
    ]
    groups = {
        h2.get_text(): [a.get_text() for a in h2.find_next("ul").find_all("a")]
        for h2 in soup.select("h2.glossary-group__letter")
    }
    assert groups["E"] == ["Écoute sociale", "Emoji", "E-réputation"]
    assert groups["O"] == ["Œil du client"]
    assert groups["0-9"] == ["360°"]


def test_the_alphabet_links_only_letters_with_entries(client, small_glossary):
    bar = soup_of(client, "/glossaire/").find("nav", class_="glossary-alphabet")
    # Each letter says how many entries it holds (the count in words for screen readers).
    linked = [" ".join(a.get_text().split()) for a in bar.find_all("a")]
    assert linked == [
        "0-9 (1 terme)",
        "C (1 terme)",
        "E (3 termes)",
        "L (1 terme)",
        "O (1 terme)",
        "T (1 terme)",
        "Z (1 terme)",
    ]
    shown = [item.get_text(" ", strip=True) for item in bar.find_all("li")]
    assert len(shown) == 27
    assert "B (aucune entrée) B" in shown
    assert bar.find("a", href="/glossaire/lettre/e/").find(string=True, recursive=False) == "E"


def test_a_letter_page_lists_only_that_letter(client, small_glossary):
    soup = soup_of(client, "/glossaire/lettre/e/")
    assert soup.find("h1").get_text() == "Glossaire\u202f: lettre E"
    assert listed_titles(soup) == ["Écoute sociale", "Emoji", "E-réputation"]
    current = soup.select_one(".glossary-alphabet__letter--current")
    assert current["aria-current"] == "page" and " ".join(current.get_text().split()) == "E (3 termes)"
    assert listed_titles(soup_of(client, "/glossaire/lettre/0-9/")) == ["360°"]
    assert client.get("/glossaire/lettre/b/").status_code == 200
    assert listed_titles(soup_of(client, "/glossaire/lettre/b/")) == []


def test_index_is_a_defined_term_set_in_json_ld(client, small_glossary):
    (data,) = json_ld(soup_of(client, "/glossaire/"), "DefinedTermSet")
    assert data["@type"] == "DefinedTermSet"
    assert data["url"] == "http://testserver/glossaire/"
    assert {
        "@type": "DefinedTerm",
        "name": "Écoute sociale",
        "url": "http://testserver/glossaire/ecoute-sociale/",
    } in data["hasDefinedTerm"]


def test_entry_page_shows_definition_synonyms_category_date_toc_and_related_terms(client, glossary_index):
    category = GlossaryCategoryFactory(name="Réseaux sociaux")
    lead = publish_entry(glossary_index, "Lead", "Un contact intéressé.")
    entry = publish_entry(
        glossary_index,
        "Community manager",
        "Il anime les communautés.",
        ["CM", "gestionnaire de communauté"],
        body=[("h2", "Missions"), ("p", "Publier et répondre."), ("h3", "Veille"), ("p", "Écouter.")],
        category=category,
    )
    entry.related_entry_links.add(GlossaryRelatedEntry(related=lead))
    entry.save_revision().publish()

    soup = soup_of(client, "/glossaire/community-manager/")
    header = soup.find("header", class_="entry__header")
    assert header.find("h1").get_text() == "Community manager"
    # The short definition is for listings, previews and the meta description: the body opens the entry.
    assert "Il anime les communautés." not in header.get_text()
    assert soup.find("meta", attrs={"name": "description"})["content"] == "Il anime les communautés."
    assert header.find(class_="entry__category").get_text() == "Réseaux sociaux"
    assert [s.get_text() for s in header.select(".entry__synonym")] == ["CM", "gestionnaire de communauté"]
    updated = header.find(class_="entry__updated")
    assert updated.get_text(" ", strip=True).startswith("Mis à jour le")
    assert updated.find("time")["datetime"].startswith(entry.last_published_at.date().isoformat()[:4])
    toc = soup.find("nav", class_="entry__toc")
    assert [(a.get_text(), a["href"]) for a in toc.find_all("a")] == [("Missions", "#missions"), ("Veille", "#veille")]
    assert soup.find(id="missions").name == "h2"
    related = soup.find("section", class_="entry__related")
    assert related.find("h2").get_text() == "Termes associés"
    assert [a["href"] for a in related.find_all("a")] == ["/glossaire/lead/"]
    # The entry the editor pointed to shows the way back, without being edited.
    lead_related = soup_of(client, "/glossaire/lead/").find("section", class_="entry__related")
    assert [a["href"] for a in lead_related.find_all("a")] == ["/glossaire/community-manager/"]


def related_titles(client, url):
    section = soup_of(client, url).find("section", class_="entry__related")
    return [a.get_text() for a in section.find_all("a")] if section else []


def test_related_entries_leave_out_restricted_ones_and_list_the_citing_ones_in_french_order(client, glossary_index):
    seo = publish_entry(glossary_index, "SEO", "Le référencement naturel.")
    private = publish_entry(glossary_index, "Tarifs internes", "Réservé à l’équipe.")
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="secret")
    citing = [private] + [publish_entry(glossary_index, title) for title in ("Zèbre", "Écoute sociale", "Audit")]
    for entry in citing:
        entry.related_entry_links.add(GlossaryRelatedEntry(related=seo))
        entry.save_revision().publish()
    seo.related_entry_links.add(GlossaryRelatedEntry(related=private))
    seo.save_revision().publish()

    # Neither the restricted entry SEO lists nor the restricted one listing SEO: only public entries, the citing
    # ones in the A–Z's order, where a byte-wise collation puts "Écoute" after "Zèbre".
    assert related_titles(client, "/glossaire/seo/") == ["Audit", "Écoute sociale", "Zèbre"]


def test_the_preview_of_a_draft_shows_the_related_entries_its_editor_just_chose(rf, glossary_index):
    seo = publish_entry(glossary_index, "SEO", "Le référencement naturel.")
    sea = publish_entry(glossary_index, "SEA", "Le référencement payant.")
    private = publish_entry(glossary_index, "Tarifs internes", "Réservé à l’équipe.")
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="secret")
    # What Wagtail previews: the page with its unsaved inline links, which no database query can see.
    draft = seo.get_latest_revision_as_object()
    draft.related_entry_links.add(GlossaryRelatedEntry(related=sea, sort_order=0))
    draft.related_entry_links.add(GlossaryRelatedEntry(related=private, sort_order=1))
    request = rf.get("/glossaire/seo/")
    request.is_preview = True
    html = draft.serve_preview(request, "").render().content.decode()
    related = BeautifulSoup(html, "html.parser").find("section", class_="entry__related")
    assert [a.get_text(strip=True) for a in related.find_all("a")] == ["SEA"]


def test_entry_json_ld_is_a_defined_term_with_alternate_names_and_escaped_text(client, glossary_index):
    publish_entry(
        glossary_index,
        "Balise </script>",
        "Un piège <script>alert(1)</script> & co.",
        ["tag", "étiquette"],
        slug="balise",
    )
    response = client.get("/glossaire/balise/")
    html = response.content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "\\u003Cscript\\u003Ealert(1)\\u003C/script\\u003E" in html
    (data,) = json_ld(BeautifulSoup(html, "html.parser"), "DefinedTerm")
    assert data["@type"] == "DefinedTerm"
    assert data["name"] == "Balise </script>"
    assert data["description"] == "Un piège <script>alert(1)</script> & co."
    assert data["alternateName"] == ["tag", "étiquette"]
    assert data["inDefinedTermSet"]["@type"] == "DefinedTermSet"
    assert data["url"] == "http://testserver/glossaire/balise/"


def test_meta_description_falls_back_to_the_definition_and_seo_title_is_used(client, glossary_index):
    publish_entry(glossary_index, "SEO", "Le référencement naturel.", seo_title="SEO : définition")
    soup = soup_of(client, "/glossaire/seo/")
    assert soup.find("meta", attrs={"name": "description"})["content"] == "Le référencement naturel."
    assert soup.find("title").get_text().startswith("SEO\u202f: définition")


def search_titles(client, query):
    soup = soup_of(client, f"/glossaire/recherche/?q={query}")
    return [a.get_text() for a in soup.select(".glossary-results a")]


def test_search_ignores_accents_case_elisions_and_plurals_and_tolerates_a_typo(client, small_glossary):
    assert search_titles(client, "e-reputation") == ["E-réputation"]
    assert search_titles(client, "ECOUTE") == ["Écoute sociale"]
    assert search_titles(client, "l’engagement") == ["Taux d’engagement"]
    assert search_titles(client, "l'engagement") == ["Taux d’engagement"]
    assert search_titles(client, "leads") == ["Lead"]
    assert search_titles(client, "comunity") == ["Community management"]
    assert search_titles(client, "oeil") == ["Œil du client"]


def test_search_ranks_an_exact_term_or_synonym_first(client, glossary_index):
    publish_entry(glossary_index, "Marketing automation", "Automatiser des messages marketing.")
    publish_entry(glossary_index, "Inbound marketing", "Attirer par le contenu utile en marketing.")
    publish_entry(glossary_index, "Marketing", "L’ensemble des actions pour vendre.")
    publish_entry(glossary_index, "Mix", "Le dosage des leviers.", ["marketing mix"])
    assert search_titles(client, "marketing")[0] == "Marketing"
    assert search_titles(client, "Marketing mix")[0] == "Mix"


def test_search_page_is_noindex_and_misses_are_recorded_once_per_wording(client, small_glossary):
    soup = soup_of(client, "/glossaire/recherche/?q=Blockchain")
    assert soup.find("meta", attrs={"name": "robots"})["content"].startswith("noindex")
    assert "Aucun terme ne correspond" in soup.get_text()
    client.get("/glossaire/recherche/?q=blockchains")
    miss = GlossarySearchMiss.objects.get()
    assert (miss.normalised_query, miss.count) == ("blockchain", 2)
    client.get("/glossaire/recherche/?q=lead")
    assert GlossarySearchMiss.objects.count() == 1


def test_search_form_works_without_javascript_and_suggestions_are_json(client, small_glossary):
    form = soup_of(client, "/glossaire/").find("form", class_="glossary-search")
    assert form["action"] == "/glossaire/recherche/" and form["method"] == "get"
    assert form.find("label")["for"] == form.find("input", attrs={"name": "q"})["id"]
    response = client.get("/glossaire/suggestions/?q=ecou")
    assert response["Content-Type"] == "application/json"
    assert response.json()["suggestions"] == [
        {
            "term": "Écoute sociale",
            "url": "/glossaire/ecoute-sociale/",
            "definition": "Suivre ce qui se dit d’une marque.",
        }
    ]
