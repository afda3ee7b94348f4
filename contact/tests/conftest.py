"""Fixtures of the contact tests: a small site with the form on three page types, and a posting helper."""

import itertools
import secrets
import time

import pytest
from bs4 import BeautifulSoup
from django.core import signing

from agency_site.models import AgencySettings
from contact import spam

_addresses = itertools.count(1)


@pytest.fixture
def contact_site(home_page):
    """Home, contact page, one glossary entry and one service, with the agency's details and recipients."""
    from contact.tests.factories import ContactPageFactory
    from glossary.tests.factories import GlossaryEntryPageFactory
    from services.tests.factories import ServicePageFactory

    AgencySettings.objects.update_or_create(
        site=home_page.get_site(),
        defaults={
            "name": "50A",
            "street_address": "28 rue du Chemin Vert",
            "postcode": "75011",
            "city": "Paris",
            "email": "contact@50a.fr",
            "phone": "01 40 33 00 65",
            "notification_recipients": "leads@50a.fr, direction@50a.fr",
        },
    )
    # The entry and the offer go under their indexes, which their factories add under the home page.
    return {
        "home": home_page,
        "contact": ContactPageFactory(parent=home_page),
        "entry": GlossaryEntryPageFactory(title="Agence community management", slug="acm"),
        "service": ServicePageFactory(title="Social media", slug="social-media"),
    }


def aged_token(seconds=60, key=None):
    """A token as /contact/jeton/ would have issued it `seconds` ago."""
    payload = {"k": key or secrets.token_urlsafe(24), "t": time.time() - seconds}
    return signing.dumps(payload, salt=spam.FORM_SIGNATURE_SALT)


def valid_data(**overrides):
    data = {
        "name": "Camille Martin",
        "company": "Boulangerie Martin",
        "email": "camille@boulangerie-martin.fr",
        "phone": "06 12 34 56 78",
        "message": "Bonjour, nous voulons relancer notre Instagram.",
        "website": "",
    }
    data.update(overrides)
    return data


def next_ip():
    n = next(_addresses)
    return f"10.{n // 65536 % 256}.{n // 256 % 256}.{n % 256}"


@pytest.fixture
def post_form(client):
    """Post the form as a browser with JavaScript would: from a page, with a token issued a minute ago.

    Each call comes from a new IP unless `ip` is given, so rate-limit counters never leak between tests.
    """

    def post(page, ip=None, token=None, headers=None, **fields):
        data = valid_data(**fields)
        data["source_page"] = str(page.pk) if page is not None else ""
        data["token"] = aged_token() if token is None else token
        return client.post(
            "/contact/envoyer/",
            data,
            REMOTE_ADDR=ip or next_ip(),
            headers=headers or {},
        )

    return post


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def text_of(node):
    return " ".join(node.get_text(" ").split())
