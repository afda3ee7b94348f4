"""A glossary of hundreds of entries: the index stays compact, letters are paged, the sitemap splits."""

import json
import re
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext

from agency_site.tests.pages import rendering_uncached
from agency_site.text import collation_key
from glossary.models import GlossaryEntryPage

from .bulk import bulk_add_entries

pytestmark = pytest.mark.django_db

# Small sizes, so a few hundred entries cross every threshold a real glossary crosses at thousands.
SIZES = {"GLOSSARY_INDEX_FULL_LIST_MAX": 50, "GLOSSARY_RECENT_ENTRIES": 5, "GLOSSARY_LETTER_PAGE_SIZE": 20}
# Accents, ligatures and case spread over the letters, so the pages' French order is put to the test.
PREFIXES = ["Ba", "bé", "Bo", "Be", "Cœ", "Ca", "Éco", "eb", "Ma", "Zo", "3"]


@pytest.fixture
def sizes(settings):
    for name, value in SIZES.items():
        setattr(settings, name, value)


def add_entries(index, count, start=0):
    titles = [f"{PREFIXES[number % len(PREFIXES)]}terme {number:04d}" for number in range(start, start + count)]
    return bulk_add_entries(
        index, [GlossaryEntryPage(title=title, short_definition=f"Définition de {title}.") for title in titles]
    )


def soup_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return BeautifulSoup(response.content, "html.parser")


def json_ld_set(soup):
    for script in soup.find_all("script", type="application/ld+json"):
        data = json.loads(script.string)
        if data.get("@type") == "DefinedTermSet":
            return data
    raise AssertionError("no DefinedTermSet")


def letter_titles(index, letter):
    titles = GlossaryEntryPage.objects.child_of(index).filter(letter=letter).values_list("title", flat=True)
    return sorted(titles, key=collation_key)


def count_queries(client, url):
    # Warm the per-process caches (site root paths, settings rows, menu, counts per letter) as a running site has them.
    with rendering_uncached():
        client.get(url)
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def test_a_large_index_shows_the_search_first_the_counts_and_the_latest_entries(client, glossary_index, sizes):
    add_entries(glossary_index, 300)
    soup = soup_of(client, "/glossaire/")
    main = soup.find("main")

    assert [h1.get_text() for h1 in soup.find_all("h1")] == ["Glossaire"]
    search, alphabet = main.find("form", role="search"), main.find("nav", class_="glossary-alphabet")
    assert search.find_next("nav") is alphabet
    assert alphabet["aria-label"] == "Glossaire de A à Z"
    letters = {" ".join(a.get_text().split()) for a in alphabet.find_all("a")}
    assert {"0-9 (27 termes)", "B (111 termes)", "C (54 termes)", "E (54 termes)", "Z (27 termes)"} <= letters
    assert main.find("p", class_="glossary-count").get_text() == "300\u00a0termes définis, classés de A à Z."
    latest = main.find("section", class_="glossary-recent")
    assert latest.find("h2").get_text() == "Derniers termes ajoutés"
    # Written in one go, they share a publication date: the latest written come first.
    assert [a.get_text() for a in latest.find_all("a")] == [
        f"{PREFIXES[n % 11]}terme {n:04d}" for n in range(299, 294, -1)
    ]
    assert not main.select(".glossary-group")


def test_the_index_links_and_json_ld_stay_the_same_however_many_entries(client, glossary_index, sizes):
    def measured():
        soup = soup_of(client, "/glossaire/")
        data = json_ld_set(soup)
        return len(soup.find_all("a")), len(data["hasDefinedTerm"]), len(data["hasPart"])

    add_entries(glossary_index, 60)
    small = measured()
    add_entries(glossary_index, 340, start=60)
    assert GlossaryEntryPage.objects.count() == 400
    # 5 latest entries, one part per letter used (0-9, B, C, E, M, Z): nothing grows with the entries.
    assert measured() == small
    assert small[1:] == (5, 6)


def test_a_long_letter_is_paged_with_canonical_and_rel_links(client, glossary_index, sizes):
    add_entries(glossary_index, 120)  # 44 entries under B: pages of 20, 20 and 4
    titles = letter_titles(glossary_index, "B")
    assert len(titles) == 44

    first = soup_of(client, "/glossaire/lettre/b/")
    assert first.find("link", rel="canonical")["href"] == "http://testserver/glossaire/lettre/b/"
    assert first.find("link", rel="prev") is None
    assert first.find("link", rel="next")["href"] == "http://testserver/glossaire/lettre/b/?page=2"
    assert [a.get_text() for a in first.select(".entry-list a")] == titles[:20]
    pages = first.find("nav", class_="pagination")
    assert pages["aria-label"] == "Pages de la lettre B"
    assert [" ".join(a.get_text().split()) for a in pages.find_all("a")] == [
        "Page 1",
        "Page 2",
        "Page 3",
        "Page suivante",
    ]
    assert pages.find("a", attrs={"aria-current": "page"})["href"] == "/glossaire/lettre/b/"

    second = soup_of(client, "/glossaire/lettre/b/?page=2")
    assert second.find("h1").get_text() == "Glossaire\u202f: lettre B (page 2)"
    assert second.find("title").get_text().startswith("Glossaire\u202f: lettre B, page 2")
    assert second.find("link", rel="canonical")["href"] == "http://testserver/glossaire/lettre/b/?page=2"
    assert second.find("link", rel="prev")["href"] == "http://testserver/glossaire/lettre/b/"
    assert second.find("link", rel="next")["href"] == "http://testserver/glossaire/lettre/b/?page=3"
    assert [a.get_text() for a in second.select(".entry-list a")] == titles[20:40]
    data = json_ld_set(second)
    assert data["url"] == "http://testserver/glossaire/lettre/b/?page=2"
    assert data["isPartOf"]["@id"] == "http://testserver/glossaire/#glossaire"
    assert [term["name"] for term in data["hasDefinedTerm"]] == titles[20:40]

    last = soup_of(client, "/glossaire/lettre/b/?page=3")
    assert last.find("link", rel="next") is None
    assert [a.get_text() for a in last.select(".entry-list a")] == titles[40:]
    # Page 1 has one address: the parameter is left out of its canonical URL.
    explicit = soup_of(client, "/glossaire/lettre/b/?page=1")
    assert explicit.find("link", rel="canonical")["href"] == "http://testserver/glossaire/lettre/b/"


@pytest.mark.parametrize("page", ["4", "0", "-1", "abc", "2.5", ""])
def test_a_page_past_the_last_or_not_a_number_is_not_found(client, glossary_index, sizes, page):
    add_entries(glossary_index, 120)
    response = client.get(f"/glossaire/lettre/b/?page={page}")
    assert response.status_code == 404


def test_index_and_letter_pages_cost_the_same_queries_at_60_and_at_400_entries(client, glossary_index, sizes):
    urls = ["/glossaire/", "/glossaire/lettre/b/", "/glossaire/lettre/b/?page=2"]
    add_entries(glossary_index, 60)
    small = [count_queries(client, url) for url in urls]
    add_entries(glossary_index, 340, start=60)
    large = [count_queries(client, url) for url in urls]
    assert small == large == [EXPECTED_QUERIES] * 3


# Wagtail's serving of the page (its aliases, its view restrictions), the listing itself, and the site root paths
# from the shared database cache; the ancestors for the breadcrumbs, the counts per letter, the menu and the settings
# are kept until the content changes.
EXPECTED_QUERIES = 4


def test_the_sitemap_splits_into_an_index_past_its_page_size(client, glossary_index, sizes, settings):
    settings.SITEMAP_PAGE_SIZE = 25
    entries = add_entries(glossary_index, 60)
    response = client.get("/sitemap.xml")
    xml = response.content.decode()
    assert "<sitemapindex" in xml
    parts = re.findall(r"<loc>([^<]+)</loc>", xml)
    # Home, index and 60 entries: 62 pages in files of 25.
    assert parts == [
        "http://testserver/sitemap-pages.xml",
        "http://testserver/sitemap-pages.xml?p=2",
        "http://testserver/sitemap-pages.xml?p=3",
    ]
    listed = []
    for part in parts:
        part_xml = client.get(part.removeprefix("http://testserver")).content.decode()
        # Pages are listed on the Wagtail site's own host.
        listed += [
            urlsplit(url)._replace(scheme="", netloc="").geturl() for url in re.findall(r"<loc>([^<]+)</loc>", part_xml)
        ]
    assert len(listed) == len(set(listed))
    assert {f"/glossaire/{entry.slug}/" for entry in entries} <= set(listed)
    # 22 entries under B: two pages of 20.
    assert {"/glossaire/lettre/b/", "/glossaire/lettre/b/?page=2"} <= set(listed)
    assert "/glossaire/lettre/b/?page=3" not in listed
    assert client.get("/sitemap-pages.xml?p=4").status_code == 404
    robots = client.get("/robots.txt").content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in robots
