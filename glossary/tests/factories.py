"""Factories for the glossary index, its entries and categories."""

import factory
import wagtail_factories
from django.utils.text import slugify

from agency_site.tests.factories import BodyStreamBlockFactory, PublishedPageFactory, site_home_page
from glossary.models import GlossaryCategory, GlossaryEntryPage, GlossaryIndexPage


class GlossaryIndexPageFactory(PublishedPageFactory):
    title = "Glossaire"
    slug = "glossaire"
    parent = factory.LazyFunction(site_home_page)

    class Meta:
        model = GlossaryIndexPage


def site_glossary_index():
    """The glossary index, the parent entries default to: created under the home page when missing."""
    return GlossaryIndexPage.objects.first() or GlossaryIndexPageFactory()


class GlossaryEntryPageFactory(PublishedPageFactory):
    title = factory.Sequence(lambda n: f"Terme {n}")
    short_definition = factory.LazyAttribute(lambda entry: f"Définition courte de {entry.title}.")
    parent = factory.LazyFunction(site_glossary_index)
    body = wagtail_factories.StreamFieldFactory(BodyStreamBlockFactory)

    class Meta:
        model = GlossaryEntryPage


class GlossaryCategoryFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Catégorie {n}")
    slug = factory.LazyAttribute(lambda category: slugify(category.name))

    class Meta:
        model = GlossaryCategory
