"""The auto-linking matcher on real HTML: where it links, where it never does, and what it outputs."""

from html.parser import HTMLParser

import pytest
from bs4 import BeautifulSoup

from agency_site.autolinking.matcher import LinkTarget, TermMatcher

ENGAGEMENT = LinkTarget(1, "/glossaire/taux-d-engagement/", "Taux d’engagement", "Interactions rapportées à la portée.")
CM = LinkTarget(2, "/glossaire/community-manager/", "Community manager", "Anime les communautés.")
E_REPUTATION = LinkTarget(3, "/glossaire/e-reputation/", "E-réputation", "L’image d’une marque sur le Web.")
NETWORKS = LinkTarget(4, "/glossaire/reseaux-sociaux/", "Réseaux sociaux", "Les plateformes sociales.")
LEAD = LinkTarget(5, "/glossaire/lead/", "Lead", "Un contact intéressé.")
ECOUTE = LinkTarget(6, "/glossaire/ecoute-sociale/", "Écoute sociale", "Suivre ce qui se dit.")
ENGAGEMENT_WORD = LinkTarget(7, "/glossaire/engagement/", "Engagement", "L’implication du public.")


@pytest.fixture(scope="module")
def matcher():
    return TermMatcher(
        [
            ("Taux d’engagement", ENGAGEMENT),
            ("Community manager", CM),
            ("E-réputation", E_REPUTATION),
            ("Réseaux sociaux", NETWORKS),
            ("Lead", LEAD),
            ("Écoute sociale", ECOUTE),
            ("Engagement", ENGAGEMENT_WORD),
            ("CM", CM),
            ("réseau social", NETWORKS),
        ]
    )


def links(html):
    return [(a["href"], a.get_text()) for a in BeautifulSoup(html, "html.parser").select("a.glossary-link")]


def link(matcher, html, **options):
    return matcher.link_html(html, **options)[0]


def test_a_term_in_a_paragraph_becomes_a_link_keeping_the_original_spelling(matcher):
    html = link(matcher, "<p>Notre COMMUNITY MANAGER publie chaque jour.</p>")
    assert links(html) == [("/glossaire/community-manager/", "COMMUNITY MANAGER")]
    assert BeautifulSoup(html, "html.parser").get_text() == "Notre COMMUNITY MANAGER publie chaque jour."


def test_accents_are_ignored_both_ways(matcher):
    html = link(matcher, "<p>Votre e-reputation et l’ecoute sociale.</p>")
    assert links(html) == [
        ("/glossaire/e-reputation/", "e-reputation"),
        ("/glossaire/ecoute-sociale/", "ecoute sociale"),
    ]


def test_elisions_l_and_d_do_not_hide_the_term(matcher):
    html = link(matcher, "<p>Mesurer l’engagement, puis l'e-réputation d’un lead.</p>")
    assert links(html) == [
        ("/glossaire/engagement/", "engagement"),
        ("/glossaire/e-reputation/", "e-réputation"),
        ("/glossaire/lead/", "lead"),
    ]


def test_plurals_in_s_and_x_match(matcher):
    html = link(matcher, "<p>Des leads venus des réseaux sociaux et des community managers.</p>")
    assert links(html) == [
        ("/glossaire/lead/", "leads"),
        ("/glossaire/reseaux-sociaux/", "réseaux sociaux"),
        ("/glossaire/community-manager/", "community managers"),
    ]


def test_a_synonym_links_to_its_entry(matcher):
    assert links(link(matcher, "<p>Un réseau social et un CM.</p>")) == [
        ("/glossaire/reseaux-sociaux/", "réseau social"),
        ("/glossaire/community-manager/", "CM"),
    ]


def test_whole_words_only(matcher):
    html = link(matcher, "<p>Un leader, des leadeuses, la CMJN, la réputation d’une e-réputationnelle.</p>")
    assert links(html) == []


def test_the_longest_term_wins_over_a_shorter_one_inside_it(matcher):
    html = link(matcher, "<p>Le taux d’engagement monte.</p>")
    assert links(html) == [("/glossaire/taux-d-engagement/", "taux d’engagement")]


def test_only_the_first_occurrence_of_an_entry_is_linked_whatever_the_spelling(matcher):
    html = link(matcher, "<p>Le community manager.</p><p>Un autre community manager, le CM.</p>")
    assert links(html) == [("/glossaire/community-manager/", "community manager")]
    assert BeautifulSoup(html, "html.parser").get_text().count("community manager") == 2


def test_never_inside_an_existing_link_even_nested(matcher):
    html = link(matcher, '<p><a href="/x/">notre <em>community manager</em></a> puis le lead.</p>')
    soup = BeautifulSoup(html, "html.parser")
    assert links(html) == [("/glossaire/lead/", "lead")]
    assert soup.find("a", href="/x/").get_text() == "notre community manager"


def test_never_inside_headings_and_the_first_link_comes_from_the_body(matcher):
    html = link(matcher, '<h2 id="lead">Le lead</h2><h3>Un lead</h3><p>Chaque lead compte.</p>')
    soup = BeautifulSoup(html, "html.parser")
    assert soup.find("h2").get_text() == "Le lead" and not soup.find("h2").find("a")
    assert not soup.find("h3").find("a")
    assert links(html) == [("/glossaire/lead/", "lead")]
    assert soup.find("p").find("a")


def test_never_inside_a_quote_attribution(matcher):
    html = link(
        matcher,
        '<figure class="quote"><blockquote><p>Le lead est roi.</p></blockquote>'
        "<figcaption>— Un community manager, <cite>Blog du lead</cite></figcaption></figure>",
    )
    soup = BeautifulSoup(html, "html.parser")
    assert not soup.find("figcaption").find("a")
    assert links(html) == [("/glossaire/lead/", "lead")]


def test_never_inside_attributes_scripts_or_styles(matcher):
    html = link(
        matcher,
        '<p title="community manager" data-x="lead"><img alt="lead et community manager" src="/lead.png"></p>'
        "<script>var lead = 1 < 2 && 'community manager';</script><style>.lead{}</style>",
    )
    assert links(html) == []
    assert "<script>var lead = 1 < 2 && 'community manager';</script>" in html
    assert 'alt="lead et community manager"' in html


def test_a_page_never_links_to_itself(matcher):
    html = link(matcher, "<p>Le community manager parle au lead.</p>", exclude_entry_id=CM.entry_id)
    assert links(html) == [("/glossaire/lead/", "lead")]


def test_the_number_of_links_is_capped(matcher):
    source = "<p>Lead, community manager, e-réputation, réseaux sociaux, écoute sociale.</p>"
    html, linked = matcher.link_html(source, max_links=2)
    assert links(html) == [("/glossaire/lead/", "Lead"), ("/glossaire/community-manager/", "community manager")]
    assert linked == [LEAD.entry_id, CM.entry_id]


def test_definitions_and_text_are_escaped_so_the_output_stays_valid_html():
    hostile = LinkTarget(9, '/glossaire/x/?a=1&b="2"', "X <b>", '"><script>alert(1)</script>')
    matcher = TermMatcher([("lead", hostile)])
    html = link(matcher, "<p>Un lead &amp; un &lt;lead&gt; &quot;</p>")
    soup = BeautifulSoup(html, "html.parser")
    anchor = soup.find("a", class_="glossary-link")
    assert anchor["data-glossary-definition"] == '"><script>alert(1)</script>'
    assert anchor["href"] == '/glossaire/x/?a=1&b="2"'
    assert soup.find("script") is None
    assert soup.get_text() == 'Un lead & un <lead> "'
    assert "&lt;lead&gt;" in html


class TagBalance(HTMLParser):
    VOID = {"img", "br", "hr", "input", "source", "meta", "link", "wbr"}

    def __init__(self):
        super().__init__()
        self.stack = []
        self.errors = []

    def handle_starttag(self, tag, attrs):
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if not self.stack or self.stack.pop() != tag:
            self.errors.append(tag)


def test_output_on_a_real_rich_text_body_keeps_every_tag_balanced(matcher):
    source = (
        '<h2 id="que-fait">Que fait un community manager ?</h2>'
        '<div class="rich-text"><p>Le <b>community manager</b> suit l’<i>engagement</i> '
        '<a href="/offres/">des réseaux sociaux</a>.</p><ol><li>Un lead</li><li>La e-réputation</li></ol></div>'
        '<figure class="content-image"><picture><source srcset="/a.webp 400w"><img alt="CM" src="/a.jpg"></picture>'
        "<figcaption>Notre CM au travail</figcaption></figure><!-- commentaire lead -->"
    )
    html = link(matcher, source)
    checker = TagBalance()
    checker.feed(html)
    assert checker.errors == [] and checker.stack == []
    assert links(html) == [
        ("/glossaire/community-manager/", "community manager"),
        ("/glossaire/engagement/", "engagement"),
        ("/glossaire/lead/", "lead"),
        ("/glossaire/e-reputation/", "e-réputation"),
    ]
    assert "<!-- commentaire lead -->" in html


def test_linking_time_does_not_depend_on_loops_over_terms():
    """10,000 terms are held by one automaton: its size is the number of spellings, matching is one pass."""
    targets = [LinkTarget(i, f"/glossaire/t{i}/", f"Terme{i}", "") for i in range(10_000)]
    matcher = TermMatcher((f"terme{i} special", target) for i, target in enumerate(targets))
    html, linked = matcher.link_html("<p>" + "mot " * 500 + "terme42 special et terme9999 speciaux</p>")
    assert linked == [42, 9999]
