"""Fuzzing the form endpoint with hostile input: no 5xx, no header injection, nothing unescaped."""

import itertools
import os
from urllib.parse import quote_from_bytes, urlencode

import pytest
from django.core import mail
from hypothesis import HealthCheck, example, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from contact.tests.conftest import aged_token

EXAMPLES = int(os.environ.get("CONTACT_FUZZ_EXAMPLES", 1000))
# Distinctive markup: if any of it comes back raw in a page or a mail, escaping failed.
HOSTILE_MARKUP = [
    "<script>alert('fz')</script>",
    '"><x-fuzz onmouseover=alert(1)>',
    "<img src=x onerror=alert(1)>",
    "</textarea><x-fuzz>",
    "{{ 7|add:7 }}{% debug %}",
    "javascript:alert(1)",
]
RAW_MARKERS = ["<script>alert('fz')", "<x-fuzz", "<img src=x onerror"]
HEADER_INJECTIONS = [
    "a@b.fr\nBcc: x@y.fr",
    "a@b.fr\r\nBcc: x@y.fr",
    "a@b.fr%0ABcc:x@y.fr",
    "Camille\r\nBcc: x@y.fr",
    "Camille\nSubject: injected",
    "=?utf-8?q?a=0ABcc:_x@y.fr?=@b.fr",
    "a@b.fr,x@y.fr",
]
CONTROL = st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=31), min_size=1, max_size=20)
HUGE = st.integers(min_value=5_001, max_value=20_000).map(lambda n: "é" * n)

hostile_text = st.one_of(
    st.text(max_size=200),
    CONTROL,
    HUGE,
    st.sampled_from(HOSTILE_MARKUP + HEADER_INJECTIONS),
    st.tuples(st.sampled_from(HOSTILE_MARKUP), CONTROL, st.sampled_from(HEADER_INJECTIONS)).map("".join),
)
emails = st.one_of(
    st.sampled_from(HEADER_INJECTIONS),
    st.integers(min_value=0, max_value=10**6).map(lambda n: f"prospect{n}@exemple.fr"),
    st.text(max_size=60),
)
invalid_utf8 = st.binary(min_size=1, max_size=40).filter(lambda raw: not _decodes(raw))


def _decodes(raw):
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


@pytest.mark.django_db
def test_a_thousand_hostile_posts_never_break_the_form(client, contact_site, settings):
    settings.CONTACT_RATE_LIMIT = ""
    page_pk = str(contact_site["contact"].pk)
    counter = itertools.count(1)
    statuses = set()

    @hypothesis_settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
    )
    @given(
        name=hostile_text,
        company=hostile_text,
        email=emails,
        phone=hostile_text,
        message=hostile_text,
        with_token=st.booleans(),
        raw_bytes=st.one_of(st.none(), invalid_utf8),
    )
    # A prospect's lead with markup in it, always tried first: the stored path (mails included) is exercised
    # whatever the random draw, which may otherwise produce no valid post at all.
    @example(
        name="Camille Martin",
        company="<img src=x onerror=alert(1)>",
        email="camille@boulangerie-martin.fr",
        phone="01 23 45 67 89",
        message="Bonjour, <script>alert('fz')</script> un devis pour notre Instagram ?",
        with_token=True,
        raw_bytes=None,
    )
    def post_hostile_form(name, company, email, phone, message, with_token, raw_bytes):
        next(counter)
        mail.outbox.clear()
        fields = {"name": name, "company": company, "email": email, "phone": phone, "message": message}
        fields |= {"source_page": page_pk, "token": aged_token() if with_token else "", "website": ""}
        body = urlencode(fields)
        if raw_bytes is not None:
            body = f"{body}&message={quote_from_bytes(raw_bytes)}&name={quote_from_bytes(raw_bytes)}".encode()
        response = client.post("/contact/envoyer/", body, content_type="application/x-www-form-urlencoded")

        statuses.add(response.status_code)
        assert response.status_code in (200, 303, 400), response.status_code
        content = response.content.decode("utf-8", errors="replace")
        for marker in RAW_MARKERS:
            assert marker not in content
        for message_sent in mail.outbox:
            rendered = message_sent.message()  # raises BadHeaderError on any header injection
            raw_headers = rendered.as_bytes().split(b"\n\n", 1)[0].lower()
            assert b"\nbcc:" not in raw_headers
            assert rendered["Bcc"] is None and rendered["Subject"].count("\n") == 0
            recipients = message_sent.recipients()
            assert all("\n" not in address and "x@y.fr" not in address for address in recipients)
            assert all("\n" not in address for address in message_sent.reply_to)
            html = message_sent.alternatives[0].content
            for marker in RAW_MARKERS:
                assert marker not in html

    post_hostile_form()

    assert next(counter) > EXAMPLES
    assert 303 in statuses and 200 in statuses  # both the stored and the rejected paths were exercised


# Hidden fields and headers a visitor controls: Unicode digits, signs, spaces, huge numbers, broken URLs.
odd_values = st.one_of(
    st.text(max_size=40),
    st.sampled_from(["²", "١٢", "٣", "１２", "-1", " 7", "1e3", "0x1f", "9" * 40, "\x00", "", "null", "[]"]),
    st.integers().map(str),
)
odd_urls = st.one_of(
    odd_values,
    st.sampled_from(["http://[::1", "http://[::1/x", "http://testserver", "https://évil.example", "//", ":"]),
)
header_text = odd_urls.map(lambda value: "".join(ch for ch in value if ch.isprintable() and ch not in "\r\n"))
charsets = st.sampled_from(["utf-8", "utf-16", "UTF-16LE", "latin-1", "nope", "", "utf-8; boundary=x"])


@pytest.mark.django_db
def test_odd_hidden_fields_and_headers_never_answer_5xx(client, contact_site, settings):
    settings.CONTACT_RATE_LIMIT = "1000/1m"
    settings.CONTACT_TRUSTED_PROXY_COUNT = 1

    @hypothesis_settings(
        max_examples=max(EXAMPLES // 4, 50),
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(
        source_page=odd_values,
        token=st.one_of(odd_values, st.just(None)),
        origin=st.one_of(st.none(), header_text),
        referer=st.one_of(st.none(), header_text),
        fetch_site=st.one_of(st.none(), header_text),
        forwarded_for=st.one_of(st.none(), header_text),
        remote_addr=st.sampled_from(["203.0.113.9", "2001:db8::1", "not-an-ip", "", "::ffff:192.0.2.1"]),
        charset=charsets,
        path=st.sampled_from(["/contact/envoyer/", "/contact/jeton/", "/contact/merci/", "/contact/"]),
    )
    def post_odd_request(source_page, token, origin, referer, fetch_site, forwarded_for, remote_addr, charset, path):
        fields = {
            "name": "Camille Martin",
            "email": "camille@boulangerie-martin.fr",
            "message": "Bonjour",
            "source_page": source_page,
            "token": aged_token() if token is None else token,
        }
        headers = {
            name: value
            for name, value in (
                ("Origin", origin),
                ("Referer", referer),
                ("Sec-Fetch-Site", fetch_site),
                ("X-Forwarded-For", forwarded_for),
            )
            if value is not None
        }
        body = urlencode(fields).encode()
        content_type = f"application/x-www-form-urlencoded; charset={charset}" if charset else "text/plain"
        response = client.generic(
            "POST", path, body, content_type=content_type, headers=headers, REMOTE_ADDR=remote_addr
        )

        assert response.status_code < 500, (response.status_code, path, fields, headers, charset)

    post_odd_request()
