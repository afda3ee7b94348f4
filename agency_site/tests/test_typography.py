"""French typography: the function on sample strings, and the filter every page goes through."""

import pytest
from bs4 import BeautifulSoup
from django.template import Context, Template
from django.utils.safestring import mark_safe

from agency_site.typography import french_typography, french_typography_html

NNBSP = "\u202f"


@pytest.mark.parametrize(
    ("typed", "set"),
    [
        ("Pas le temps ?", f"Pas le temps{NNBSP}?"),
        ("Pas le temps?", f"Pas le temps{NNBSP}?"),
        ("Vraiment ! Oui!", f"Vraiment{NNBSP}! Oui{NNBSP}!"),
        ("agence digitale à Paris : communication", f"agence digitale à Paris{NNBSP}: communication"),
        ("agence digitale à Paris\u00a0: communication", f"agence digitale à Paris{NNBSP}: communication"),
        ("Note: lire ; relire", f"Note{NNBSP}: lire{NNBSP}; relire"),
        ("« community manager »", f"«{NNBSP}community manager{NNBSP}»"),
        ("«social media manager»", f"«{NNBSP}social media manager{NNBSP}»"),
        ("Le community manager - au quotidien - anime", "Le community manager – au quotidien – anime"),
        ("l'agence d'Anne", "l’agence d’Anne"),
        ("C'est", "C’est"),
        # Already set: unchanged.
        (f"«{NNBSP}déjà{NNBSP}» et prêt{NNBSP}?", f"«{NNBSP}déjà{NNBSP}» et prêt{NNBSP}?"),
        # Not French punctuation: times, URLs, hyphenated words, a query string.
        ("à 10:30, sur https://www.50a.fr/?q=seo", "à 10:30, sur https://www.50a.fr/?q=seo"),
        ("co-construire l'e-réputation", "co-construire l’e-réputation"),
    ],
)
def test_plain_text(typed, set):
    assert french_typography(typed) == set


def test_html_tags_attributes_and_urls_are_left_alone():
    html = (
        '<p class="a : b">l&#x27;agence : «<a href="https://www.50a.fr/glossaire/?q=a:b" title="Titre : x">CM</a>»'
        " - vraiment !</p>"
    )
    assert french_typography_html(html) == (
        f'<p class="a : b">l’agence{NNBSP}: «{NNBSP}<a href="https://www.50a.fr/glossaire/?q=a:b" title="Titre : x">'
        f"CM</a>{NNBSP}» – vraiment{NNBSP}!</p>"
    )


def test_html_entities_keep_their_semicolon():
    assert french_typography_html("<p>R&amp;D ; tests &lt;b&gt;</p>") == f"<p>R&amp;D{NNBSP}; tests &lt;b&gt;</p>"


@pytest.mark.parametrize(
    "untouched",
    [
        "<code>if a ? b : c</code>",
        "<pre>x = 'a' - 'b' ; y</pre>",
        '<script type="application/ld+json">{"name": "Pas le temps ?"}</script>',
        '<textarea name="message">Ce que j\'ai écrit : tel quel !</textarea>',
        "<!-- note : interne ! -->",
    ],
)
def test_code_scripts_comments_and_visitor_input_are_left_alone(untouched):
    assert french_typography_html(f"<div>{untouched}</div>") == f"<div>{untouched}</div>"


def test_the_filter_keeps_plain_text_plain_and_escapes_it():
    rendered = Template("{% load site_tags %}{{ text|typography }}").render(
        Context({"text": "<b>l'équipe : « 50A »</b>"})
    )
    assert rendered == f"&lt;b&gt;l’équipe{NNBSP}: «{NNBSP}50A{NNBSP}»&lt;/b&gt;"


def test_the_filter_keeps_safe_html_as_html():
    rendered = Template("{% load site_tags %}{{ html|typography }}").render(
        Context({"html": mark_safe('<a href="/?q=1">Pourquoi ?</a>')})
    )
    assert rendered == f'<a href="/?q=1">Pourquoi{NNBSP}?</a>'


@pytest.mark.django_db
def test_the_home_page_title_tag_and_description_are_set_in_french(client, home_page):
    home_page.seo_title = "50A, agence digitale à Paris : communication, social media"
    home_page.search_description = "Un projet ? Parlons-en : l'agence vous reçoit."
    home_page.save_revision().publish()
    page = BeautifulSoup(client.get("/").content, "html.parser")

    assert page.find("title").get_text() == f"50A, agence digitale à Paris{NNBSP}: communication, social media"
    assert page.find("meta", attrs={"name": "description"})["content"] == (
        f"Un projet{NNBSP}? Parlons-en{NNBSP}: l’agence vous reçoit."
    )


@pytest.mark.django_db
def test_editor_rich_text_and_template_strings_are_set_on_the_page(client, home_page):
    home_page.hero_text = '<p>Un projet ? Nous vous "accompagnons" - <a href="https://exemple.fr/?a=b">ici</a> !</p>'
    home_page.save_revision().publish()
    hero = BeautifulSoup(client.get("/").content, "html.parser").find(class_="hero__text")

    assert hero.get_text() == f'Un projet{NNBSP}? Nous vous "accompagnons" – ici{NNBSP}!'
    assert hero.find("a")["href"] == "https://exemple.fr/?a=b"
