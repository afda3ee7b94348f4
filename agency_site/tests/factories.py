"""Factories for the site-wide page types and settings."""

import factory
import wagtail_factories
from wagtail.models import Page, Site

from agency_site.models import HomePage, StandardPage


def make_default_site(root_page):
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return Site.objects.create(hostname="localhost", root_page=root_page, is_default_site=True, site_name="50A")
    previous = site.root_page
    site.root_page = root_page
    site.save()
    if previous.pk != root_page.pk and previous.specific_class is Page and previous.depth == 2:
        previous.delete()
    return site


class HomePageFactory(wagtail_factories.PageFactory):
    title = "Accueil"
    slug = "accueil"
    hero_title = "Votre agence digitale à Paris"
    hero_text = "<p>Nous co-construisons avec vous.</p>"
    parent = factory.LazyFunction(Page.get_first_root_node)

    class Meta:
        model = HomePage


class StandardPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Page {n}")
    intro = "Une page simple."

    class Meta:
        model = StandardPage
