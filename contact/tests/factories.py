"""Factories for the contact page and stored submissions."""

import factory

from agency_site.tests.factories import PublishedPageFactory, site_home_page
from contact.models import ContactPage, ContactSubmission


class ContactPageFactory(PublishedPageFactory):
    title = "Contact"
    slug = "contact"
    parent = factory.LazyFunction(site_home_page)

    class Meta:
        model = ContactPage


class ContactSubmissionFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Prospect {n}")
    company = "Acme"
    email = factory.Sequence(lambda n: f"prospect{n}@exemple.fr")
    phone = "+33 6 12 34 56 78"
    message = "Bonjour, nous aimerions parler de notre stratégie social media."

    class Meta:
        model = ContactSubmission
