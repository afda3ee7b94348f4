"""Fixtures of the contact tests: a small site with the form on three page types, and a posting helper."""

import asyncio
import email
import email.policy
import itertools
import socket
import time

import pytest
from aiosmtpd.controller import Controller
from bs4 import BeautifulSoup

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


def aged_token(seconds=60):
    """A token as /contact/jeton/ would have issued it `seconds` ago: the visitor took that long to fill the form."""
    return spam.issue_token(issued_at=time.time() - seconds)


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


class Inbox:
    """aiosmtpd handler keeping every message it accepts."""

    def __init__(self):
        self.messages = []
        # Seconds each message takes to accept, so concurrent senders overlap as with a real relay.
        self.delay = 0

    async def handle_DATA(self, server, session, envelope):
        await asyncio.sleep(self.delay)
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.messages.append((list(envelope.rcpt_tos), message))
        return "250 Message accepted for delivery"

    def notifications(self):
        return [message for _, message in self.messages if message["Subject"].startswith("Nouvelle demande")]


class SMTPServer:
    """A real SMTP server on a free local port that the test can stop and start again."""

    def __init__(self):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.inbox = Inbox()
        self.controller = None

    def start(self):
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self):
        self.controller.stop()
        self.controller = None

    def mailers(self):
        options = {"host": "127.0.0.1", "port": self.port, "timeout": 5}
        return {"default": {"BACKEND": "django.core.mail.backends.smtp.EmailBackend", "OPTIONS": options}}


@pytest.fixture
def smtp_server(settings):
    server = SMTPServer()
    server.start()
    settings.MAILERS = server.mailers()
    yield server
    if server.controller is not None:
        server.stop()
