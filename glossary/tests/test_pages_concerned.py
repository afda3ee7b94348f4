"""The pages a publish concerns: they show what it changed, so the page cache never serves them from before it."""

import pytest

from agency_site.pagecache.version import read_shared_version
from agency_site.tests.factories import body_params
from glossary.tests.factories import GlossaryEntryPageFactory
from services.tests.factories import ServicePageFactory

# Transactions that commit: the names written once the publish commits are the ones the site sees.
pytestmark = pytest.mark.django_db(transaction=True)


def concerned_by(publish):
    """The paths the publish named, and only those (a page named earlier in the window keeps its own time)."""
    before = dict(read_shared_version().concerned)
    publish()
    after = read_shared_version().concerned
    return {path for path, at in after.items() if before.get(path) != at}


def test_an_entry_concerns_its_page_listings_letter_and_the_entries_associated_both_ways(glossary_entry):
    chosen = GlossaryEntryPageFactory(title="Social media")
    choosing = GlossaryEntryPageFactory(title="Community manager")
    choosing.set_related_entries([glossary_entry])
    choosing.save_revision().publish()
    unrelated = GlossaryEntryPageFactory(title="Référencement naturel")
    glossary_entry.set_related_entries([chosen])
    glossary_entry.short_definition = "Une agence qui fait vivre vos communautés."

    paths = concerned_by(lambda: glossary_entry.save_revision().publish())

    assert paths == {
        "/glossaire/agence-community-management/",
        "/glossaire/",
        "/",
        "/glossaire/lettre/a/",
        "/glossaire/social-media/",
        "/glossaire/community-manager/",
    }
    assert unrelated.url not in paths


def test_a_page_that_showed_the_entry_before_its_publish_is_concerned_too(glossary_entry):
    """An association removed and a new title under another letter: the former partner and letter no longer show the
    entry once its page is renewed, so they are renewed with it."""
    former = GlossaryEntryPageFactory(title="Social media")
    glossary_entry.set_related_entries([former])
    glossary_entry.save_revision().publish()
    glossary_entry.set_related_entries([])
    glossary_entry.title = "Community management (agence)"

    paths = concerned_by(lambda: glossary_entry.save_revision().publish())

    assert {"/glossaire/social-media/", "/glossaire/lettre/a/", "/glossaire/lettre/c/"} <= paths


def test_an_offer_concerns_the_entries_that_feature_it(glossary_entry):
    offer = ServicePageFactory(title="Social media")
    glossary_entry.set_services([offer])
    glossary_entry.save_revision().publish()
    offer.teaser = "Vos réseaux sociaux, animés chaque jour."

    paths = concerned_by(lambda: offer.save_revision().publish())

    assert paths == {offer.url, offer.get_parent().url, "/", "/glossaire/agence-community-management/"}


def test_a_new_term_concerns_the_pages_it_gets_linked_from(glossary_entry):
    """Publishing a term re-links the pages that mention it (immediate task backend in tests, a worker in production):
    each page whose stored links change is named when they are stored."""
    mentioning = GlossaryEntryPageFactory(
        title="Réseaux sociaux", **body_params(("p", "Une e-réputation se construit avec le temps."))
    )

    paths = concerned_by(lambda: GlossaryEntryPageFactory(title="E-réputation"))

    assert mentioning.url in paths
    assert "<a" in mentioning.autolinked_body.html


def test_a_re_link_names_only_the_pages_whose_links_change_and_only_a_few(glossary_entry, monkeypatch):
    from agency_site.autolinking import linking
    from agency_site.autolinking.models import AutoLinkedBody

    mentioning = GlossaryEntryPageFactory(
        title="Réseaux sociaux", **body_params(("p", "Une e-réputation se construit avec le temps."))
    )
    GlossaryEntryPageFactory(title="E-réputation")
    stored = AutoLinkedBody.objects.get(page_id=mentioning.pk)
    before = read_shared_version()

    # Nothing changed: no write, no new version, nothing named.
    linking.relink_pages({mentioning.pk, glossary_entry.pk})
    assert read_shared_version().version == before.version
    assert AutoLinkedBody.objects.get(page_id=mentioning.pk).updated_at == stored.updated_at

    # Past RELINK_NAMED_PAGES (an import, a whole re-link), the pages re-linked stand in as after any edit.
    monkeypatch.setattr(linking, "RELINK_NAMED_PAGES", 0)
    AutoLinkedBody.objects.filter(page_id=mentioning.pk).update(html="")
    assert concerned_by(lambda: linking.relink_pages({mentioning.pk})) == set()
    assert "<a" in AutoLinkedBody.objects.get(page_id=mentioning.pk).html


def test_an_import_names_no_page(glossary_entry):
    """Entries at once, thousands at times: every page stands in while it renders anew, none is named (a query each)."""
    from glossary.models import GlossaryIndexPage
    from glossary.transfer.readers import read_csv
    from glossary.transfer.upsert import import_rows

    rows = read_csv(
        "slug;title;short_definition\n"
        "agence-community-management;Agence community management;Une agence qui anime vos communautés.\n"
        "kpi;KPI;Un indicateur clé.\n"
    )

    paths = concerned_by(lambda: import_rows(rows, index_page=GlossaryIndexPage.objects.get()))

    # The import's own writes name nothing: not the entries, not their index or letters. The re-link after it stores
    # the new entry's linked body, a few pages re-linked: those are named (test above).
    assert paths == {"/glossaire/kpi/"}
    assert glossary_entry.__class__.objects.get(slug="kpi").live
