"""Spam guards: honeypot, fill time, rate limit, link and word heuristics, dedupe and double submit."""

import uuid
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from contact.models import ContactSubmission, RateLimitCounter
from contact.tests.conftest import aged_token

pytestmark = pytest.mark.django_db


def test_honeypot_quarantines_without_mail_and_still_confirms(contact_site, post_form):
    response = post_form(contact_site["contact"], website="http://spam.example")

    assert response.status_code == 303 and response["Location"] == "/contact/merci/"
    submission = ContactSubmission.objects.get()
    assert submission.quarantined is True
    assert "champ piège" in submission.spam_reason
    assert mail.outbox == []
    assert submission.attempts.count() == 0


def test_a_form_filled_faster_than_the_minimum_is_quarantined(contact_site, post_form, settings):
    # A wide margin: a loaded test machine must not turn "too fast" into "human speed".
    settings.CONTACT_MIN_FILL_SECONDS = 30

    post_form(contact_site["contact"], token=aged_token(seconds=0))

    submission = ContactSubmission.objects.get()
    assert submission.quarantined is True
    assert submission.spam_reason.startswith("formulaire rempli en ")
    assert mail.outbox == []


def test_a_form_filled_at_human_speed_is_delivered(contact_site, post_form, settings):
    settings.CONTACT_MIN_FILL_SECONDS = 3

    post_form(contact_site["contact"], token=aged_token(seconds=5))

    assert ContactSubmission.objects.get().quarantined is False
    assert len(mail.outbox) == 2


def test_over_the_rate_limit_a_post_is_quarantined_not_lost_nor_mailed(contact_site, post_form, settings):
    settings.CONTACT_RATE_LIMIT = "2/10m"

    for number in range(2):
        assert post_form(contact_site["contact"], ip="192.0.2.7", message=f"Demande {number}").status_code == 303
    mail.outbox.clear()
    over = post_form(contact_site["contact"], ip="192.0.2.7", message="Troisième demande")
    other_visitor = post_form(
        contact_site["contact"], ip="192.0.2.8", message="Autre visiteur", email="autre@exemple.fr"
    )

    assert over.status_code == 303 and over["Location"] == "/contact/merci/"
    kept = ContactSubmission.objects.get(message="Troisième demande")
    assert kept.quarantined is True
    assert "limite d’envois" in kept.spam_reason
    assert other_visitor.status_code == 303
    assert not ContactSubmission.objects.get(message="Autre visiteur").quarantined
    # Only the other visitor's lead was mailed (notification + acknowledgement).
    assert len(mail.outbox) == 2
    assert all("Troisième demande" not in message.body for message in mail.outbox)


def test_rate_limit_trusts_forwarded_for_only_from_configured_proxies(contact_site, post_form, settings):
    settings.CONTACT_RATE_LIMIT = "1/1h"
    settings.CONTACT_TRUSTED_PROXY_COUNT = 1

    def from_visitor(ip, message):
        return post_form(
            contact_site["contact"], ip="127.0.0.1", headers={"X-Forwarded-For": ip}, message=message
        ).status_code

    assert [from_visitor("198.51.100.1", "Un"), from_visitor("198.51.100.2", "Deux")] == [303, 303]
    assert from_visitor("198.51.100.1", "Trois") == 303
    quarantined = {submission.message for submission in ContactSubmission.objects.filter(quarantined=True)}
    assert quarantined == {"Trois"}


@pytest.mark.parametrize(
    ("message", "reason"),
    [
        ("Voir http://a.example http://b.example https://c.example www.d.example", "liens"),
        ("Best CASINO bonus, cheap viagra", "mots suspects : viagra, casino"),
    ],
)
def test_link_flood_and_blocklisted_words_are_quarantined(contact_site, post_form, message, reason):
    post_form(contact_site["contact"], message=message)

    submission = ContactSubmission.objects.get()
    assert submission.quarantined is True and reason in submission.spam_reason
    assert mail.outbox == []


def test_one_link_is_fine(contact_site, post_form):
    post_form(contact_site["contact"], message="Notre site : https://boulangerie-martin.fr")

    assert ContactSubmission.objects.get().quarantined is False


def test_double_submit_with_one_token_stores_and_mails_once(contact_site, post_form):
    token = aged_token()

    first = post_form(contact_site["contact"], token=token)
    second = post_form(contact_site["contact"], token=token)

    assert first.status_code == second.status_code == 303
    assert ContactSubmission.objects.count() == 1
    assert len(mail.outbox) == 2  # one notification, one acknowledgement


def test_the_same_form_sent_again_with_another_message_stores_both(contact_site, post_form):
    # The visitor sends, goes back (the form keeps its token), edits the message and sends again.
    token = aged_token()

    post_form(contact_site["contact"], token=token, message="Premier message : un devis Instagram.")
    post_form(contact_site["contact"], token=token, message="Second message : et aussi LinkedIn.")

    stored = ContactSubmission.objects.order_by("pk").values_list("message", "quarantined")
    assert list(stored) == [
        ("Premier message : un devis Instagram.", False),
        ("Second message : et aussi LinkedIn.", False),
    ]


def test_same_content_within_the_window_is_one_lead(contact_site, post_form):
    post_form(contact_site["contact"])
    post_form(contact_site["entry"], message="  Bonjour, nous voulons   relancer notre Instagram. ")

    assert ContactSubmission.objects.count() == 1
    assert len(mail.outbox) == 2


def test_same_content_after_the_window_is_a_new_lead(contact_site, post_form):
    post_form(contact_site["contact"])
    ContactSubmission.objects.update(created_at=ContactSubmission.objects.get().created_at - timedelta(minutes=11))

    post_form(contact_site["contact"])

    assert ContactSubmission.objects.count() == 2


def test_the_rate_limit_counts_an_ipv6_network_of_64_addresses_as_one_visitor(contact_site, post_form, settings):
    settings.CONTACT_RATE_LIMIT = "1/1h"

    post_form(contact_site["contact"], ip="2001:db8:0:7::1", message="Premier")
    post_form(contact_site["contact"], ip="2001:db8:0:7:ffff:ffff:ffff:fffe", message="Même réseau /64")
    post_form(contact_site["contact"], ip="2001:db8:0:8::1", message="Autre réseau")

    quarantined = dict(ContactSubmission.objects.values_list("message", "quarantined"))
    assert quarantined == {"Premier": False, "Même réseau /64": True, "Autre réseau": False}


def test_a_new_window_counts_from_one_and_ended_windows_are_deleted(contact_site, post_form, settings):
    settings.CONTACT_RATE_LIMIT = "1/10m"
    post_form(contact_site["contact"], ip="192.0.2.20", message="Premier")
    post_form(contact_site["contact"], ip="192.0.2.21", message="Autre visiteur", email="autre@exemple.fr")
    assert sorted(RateLimitCounter.objects.values_list("posts", flat=True)) == [1, 1]

    # Ten minutes later for the first visitor; the other one's window ended too.
    RateLimitCounter.objects.update(window_ends_at=timezone.now() - timedelta(seconds=1))
    post_form(contact_site["contact"], ip="192.0.2.20", message="Dix minutes après")
    post_form(contact_site["contact"], ip="192.0.2.22", message="Nouveau visiteur", email="nouveau@exemple.fr")

    assert not ContactSubmission.objects.filter(quarantined=True).exists()
    # The third visitor's first post deleted the second one's ended window; the first visitor counts anew.
    assert sorted(RateLimitCounter.objects.values_list("posts", flat=True)) == [1, 1]
    assert RateLimitCounter.objects.filter(window_ends_at__gt=timezone.now()).count() == 2


def test_with_redis_the_rate_limit_counts_in_redis_not_in_the_database(contact_site, post_form, settings, redis_server):
    redis_cache = {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": redis_server.url,
        "KEY_PREFIX": f"rate-{uuid.uuid4().hex}",
        "OPTIONS": {"IGNORE_EXCEPTIONS": True},
    }
    settings.CACHES = {"default": redis_cache, "pagecache": redis_cache}
    settings.CONTACT_RATE_LIMIT = "1/10m"

    post_form(contact_site["contact"], ip="192.0.2.30", message="Premier")
    post_form(contact_site["contact"], ip="192.0.2.30", message="Second")

    assert dict(ContactSubmission.objects.values_list("message", "quarantined")) == {"Premier": False, "Second": True}
    assert not RateLimitCounter.objects.exists()
