"""What search engines and social networks read: head tags, JSON-LD, robots.txt and the sitemap."""

import json
import re
from html.parser import HTMLParser

import pytest

from agency_site.models import AgencySettings
from agency_site.seo import dump_json_ld
from agency_site.typography import french_typography

pytestmark = pytest.mark.django_db


class HeadReader(HTMLParser):
    """Collects the <title>, <meta>, <link> tags and JSON-LD blocks of a page."""

    def __init__(self):
        super().__init__()
        self.title = ""
        self.meta = {}
        self.links = {}
        self.json_ld = []
        self._in = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "title":
            self._in = "title"
        elif tag == "meta":
            key = attrs.get("property") or attrs.get("name")
            if key:
                self.meta[key] = attrs.get("content")
        elif tag == "link":
            self.links.setdefault(attrs.get("rel"), []).append(attrs)
        elif tag == "script" and attrs.get("type") == "application/ld+json":
            self._in = "json_ld"
            self.json_ld.append("")

    def handle_endtag(self, tag):
        self._in = None

    def handle_data(self, data):
        if self._in == "title":
            self.title += data
        elif self._in == "json_ld":
            self.json_ld[-1] += data

    def graph(self):
        nodes = []
        for text in self.json_ld:
            data = json.loads(text)
            nodes.extend(data.get("@graph", [data]))
        return nodes

    def node(self, type_name):
        return next((node for node in self.graph() if node["@type"] == type_name), None)


def read_head(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    reader = HeadReader()
    reader.feed(response.content.decode())
    return reader


def test_entry_head_has_title_description_canonical_and_share_card(client, site_tree):
    head = read_head(client, "/glossaire/agence-community-management/")

    assert head.title.strip().endswith("| 50A")
    assert "community management" in head.meta["description"].lower()
    assert head.links["canonical"][0]["href"] == "http://testserver/glossaire/agence-community-management/"
    assert head.meta["og:url"] == "http://testserver/glossaire/agence-community-management/"
    assert head.meta["og:type"] == "article"
    # The entry's own social image, cropped to the 1200 × 630 card size.
    assert head.meta["og:image"].startswith("http://testserver/media/images/")
    assert head.meta["og:image:width"] == "1200"
    assert int(head.meta["og:image:height"]) in (630, 631)
    assert head.meta["twitter:card"] == "summary_large_image"
    assert head.meta["twitter:image"] == head.meta["og:image"]
    assert head.meta["theme-color"] == "#14213d"
    assert {"icon", "apple-touch-icon"} <= set(head.links)


def test_seo_title_replaces_the_title_and_the_suffix(client, site_tree):
    head = read_head(client, "/")

    # The editor typed « Paris : » with a plain space; the title tag is set in French typography.
    assert head.title.strip() == "50A, agence digitale à Paris\u202f: communication, social media, marketing"
    assert head.meta["og:type"] == "website"


def test_page_without_description_or_image_falls_back_to_the_agency(client, site_tree):
    head = read_head(client, "/contact/")

    assert head.meta["description"] == french_typography(AgencySettings.objects.get().description)
    assert head.meta["og:image"] == "http://testserver/static/img/share-default.png"
    assert head.meta["og:image:alt"] == "Logo de l’agence 50A"


def test_canonical_drops_the_query_string(client, site_tree):
    head = read_head(client, "/offres/?utm_source=newsletter")

    assert head.links["canonical"][0]["href"] == "http://testserver/offres/"


def test_home_describes_the_agency_and_the_website(client, site_tree):
    head = read_head(client, "/")

    agency = head.node("ProfessionalService")
    assert agency["name"] == "50A"
    assert agency["address"]["streetAddress"] == "28 rue du Chemin Vert"
    assert agency["address"]["postalCode"] == "75011"
    assert agency["telephone"] == "+33140330065"
    assert agency["email"] == "contact@50a.fr"
    assert agency["geo"] == {"@type": "GeoCoordinates", "latitude": 48.8577, "longitude": 2.3734}
    assert agency["hasMap"].startswith("https://www.google.com/maps/")
    assert head.node("WebSite")["url"] == "http://testserver/"


def test_contact_page_describes_the_agency_but_an_entry_does_not(client, site_tree):
    assert read_head(client, "/contact/").node("ProfessionalService") is not None
    assert read_head(client, "/glossaire/agence-community-management/").node("ProfessionalService") is None


def test_breadcrumb_list_follows_the_page_tree(client, site_tree):
    head = read_head(client, "/glossaire/agence-community-management/")

    crumbs = head.node("BreadcrumbList")["itemListElement"]
    assert [crumb["name"] for crumb in crumbs] == [
        "Accueil",
        "Glossaire",
        head.node("BreadcrumbList")["itemListElement"][2]["name"],
    ]
    assert [crumb["position"] for crumb in crumbs] == [1, 2, 3]
    assert crumbs[1]["item"] == "http://testserver/glossaire/"


def test_share_card_agency_name_and_privacy_link_follow_an_edit_on_the_next_render(client, site_tree):
    # Kept between renders until the content changes (agency_site/pagecache/): an edit shows at once.
    url = "/glossaire/agence-community-management/"
    image = site_tree.entry.social_image
    assert read_head(client, url).meta["og:image:alt"] == image.title
    image.title = "Une équipe en atelier"
    image.save()
    agency = AgencySettings.objects.get()
    agency.name = "50A Paris"
    agency.save()
    privacy = site_tree.privacy_policy
    privacy.slug = "vie-privee"
    privacy.save_revision().publish()

    response = client.get(url)
    head = HeadReader()
    head.feed(response.content.decode())
    assert head.meta["og:image:alt"] == "Une équipe en atelier"
    assert head.meta["og:site_name"] == "50A Paris"
    assert 'href="/vie-privee/"' in response.content.decode()


def test_service_page_is_described_as_a_service_of_the_agency(client, site_tree):
    head = read_head(client, "/offres/social-media/")

    service = head.node("Service")
    assert service["name"] == "Social media"
    assert service["provider"] == {"@id": "http://testserver/#agency"}
    assert service["description"]


def test_json_ld_cannot_close_its_script_element():
    text = dump_json_ld({"name": "</script><script>alert(1)</script> & co"})

    assert "</script>" not in text
    assert "&" not in text
    assert json.loads(text) == {"name": "</script><script>alert(1)</script> & co"}


def test_editor_text_with_markup_stays_inside_the_json_ld(client, site_tree):
    agency = AgencySettings.objects.get()
    agency.name = "50A </script><b>"
    agency.save()

    response = client.get("/")

    html = response.content.decode()
    assert "</script><b>" not in html
    head = HeadReader()
    head.feed(html)
    assert head.node("ProfessionalService")["name"] == "50A </script><b>"


def test_robots_txt_points_to_the_sitemap(client, site_tree):
    response = client.get("/robots.txt")

    assert response["Content-Type"] == "text/plain; charset=utf-8"
    text = response.content.decode()
    assert "User-agent: *" in text
    assert "Disallow: /admin/" in text
    assert "Sitemap: http://testserver/sitemap.xml" in text


def test_sitemap_lists_published_pages_with_their_last_modification(client, site_tree):
    response = client.get("/sitemap.xml")

    xml = response.content.decode()
    assert "/glossaire/agence-community-management/</loc>" in xml
    assert "/offres/social-media/</loc>" in xml
    assert len(re.findall(r"<lastmod>\d{4}-\d{2}-\d{2}", xml)) == xml.count("<url>")
