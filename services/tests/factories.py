"""Factories for the offers index and service pages."""

import factory
import wagtail_factories

from services.models import ServiceIndexPage, ServicePage


class ServiceIndexPageFactory(wagtail_factories.PageFactory):
    title = "Nos offres"
    slug = "offres"

    class Meta:
        model = ServiceIndexPage


class ServicePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Offre {n}")
    teaser_headline = "Co-construire votre projet."
    teaser_text = "Vous accompagner avec agilité."

    class Meta:
        model = ServicePage
