"""Factories for the offers index and service pages."""

import factory
import wagtail_factories

from agency_site.tests.factories import BodyStreamBlockFactory, PublishedPageFactory, site_home_page
from services.models import ServiceIndexPage, ServicePage


class ServiceIndexPageFactory(PublishedPageFactory):
    title = "Nos offres"
    slug = "offres"
    parent = factory.LazyFunction(site_home_page)

    class Meta:
        model = ServiceIndexPage


def site_service_index():
    """The offers index, the parent offers default to: created under the home page when missing."""
    return ServiceIndexPage.objects.first() or ServiceIndexPageFactory()


class ServicePageFactory(PublishedPageFactory):
    title = factory.Sequence(lambda n: f"Offre {n}")
    teaser_headline = "Co-construire votre projet."
    teaser_text = "Vous accompagner avec agilité."
    parent = factory.LazyFunction(site_service_index)
    body = wagtail_factories.StreamFieldFactory(BodyStreamBlockFactory)

    class Meta:
        model = ServicePage
