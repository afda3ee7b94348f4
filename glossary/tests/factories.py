"""Factories for the glossary index and entries."""

import factory
import wagtail_factories

from glossary.models import GlossaryEntryPage, GlossaryIndexPage


class GlossaryIndexPageFactory(wagtail_factories.PageFactory):
    title = "Glossaire"
    slug = "glossaire"

    class Meta:
        model = GlossaryIndexPage


class GlossaryEntryPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Terme {n}")
    short_definition = factory.LazyAttribute(lambda entry: f"Définition courte de {entry.title}.")

    class Meta:
        model = GlossaryEntryPage
