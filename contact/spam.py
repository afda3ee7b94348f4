"""Spam guards without third parties: signed form tokens, fill time, honeypot, rate limit, content heuristics."""

import hashlib
import ipaddress
import re
import secrets
import time
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.db import DatabaseError
from django.utils.translation import gettext as _

from agency_site.client_ip import client_ip

from .models import RateLimitCounter

FORM_SIGNATURE_SALT = "contact.form-token"
# A token older than this asks the visitor to confirm again (page left open overnight, replayed token).
TOKEN_MAX_AGE_SECONDS = 24 * 3600
MAX_LINKS = 2
LINK_PATTERN = re.compile(r"(https?://|www\.|\[url|<a\s)", re.IGNORECASE)
BLOCKLIST = (
    "viagra",
    "cialis",
    "casino",
    "bitcoin",
    "crypto invest",
    "forex",
    "backlinks",
    "seo ranking",
    "loan offer",
    "porn",
    "xxx",
)
RATE_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
REDIS_CACHE_BACKEND = "django_redis.cache.RedisCache"


@dataclass(frozen=True)
class FormToken:
    idempotency_key: str
    issued_at: float
    # The fingerprint of the message a visitor without JavaScript already posted once: the form came
    # filled, so the fill time was spent before the confirmation page appeared.
    confirms: str = ""

    @property
    def age(self):
        return time.time() - self.issued_at


def issue_token(issued_at=None, confirms=""):
    """A fresh per-visitor token: never put it in a page that a cache may share.

    `issued_at` (a Unix time) backdates it: tests use it instead of switching the fill-time rule off.
    `confirms` is the fingerprint of the content shown on the no-JavaScript confirmation page.
    """
    issued_at = time.time() if issued_at is None else issued_at
    payload = {"k": secrets.token_urlsafe(24), "t": round(issued_at, 3)}
    if confirms:
        payload["c"] = confirms
    return signing.dumps(payload, salt=FORM_SIGNATURE_SALT)


def read_token(value):
    """The token's content, or None when it is missing, forged, malformed or too old."""
    if not value:
        return None
    try:
        payload = signing.loads(value, salt=FORM_SIGNATURE_SALT, max_age=TOKEN_MAX_AGE_SECONDS)
        token = FormToken(
            idempotency_key=str(payload["k"])[:64],
            issued_at=float(payload["t"]),
            confirms=str(payload.get("c", ""))[:64],
        )
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
    if token.age < -5:  # issued in the future: not one of ours
        return None
    return token


def min_fill_seconds():
    return max(0, int(getattr(settings, "CONTACT_MIN_FILL_SECONDS", 3)))


def spam_reasons(cleaned_data, token):
    """Why a valid-looking submission is suspected spam (empty list: it is not)."""
    reasons = []
    if cleaned_data.get("website"):
        reasons.append(_("champ piège rempli"))
    if token is not None and not token.confirms and token.age < min_fill_seconds():
        reasons.append(_("formulaire rempli en %(seconds).1f s") % {"seconds": max(token.age, 0)})
    text = " ".join(str(cleaned_data.get(field, "")) for field in ("name", "company", "message"))
    links = len(LINK_PATTERN.findall(text))
    if links > MAX_LINKS:
        reasons.append(_("%(count)d liens dans le message") % {"count": links})
    lowered = text.lower()
    blocked = [word for word in BLOCKLIST if word in lowered]
    if blocked:
        reasons.append(_("mots suspects : %(words)s") % {"words": ", ".join(blocked)})
    return reasons


def parse_rate_limit(value):
    """'10/10m' -> (10, 600); '' or '0' disables the limit (None)."""
    value = (value or "").strip()
    if value in ("", "0"):
        return None
    match = re.fullmatch(r"(\d+)\s*/\s*(\d*)\s*([smhd])", value)
    if not match:
        raise ImproperlyConfigured(f"CONTACT_RATE_LIMIT must look like '10/10m', not {value!r}")
    count, amount, unit = match.groups()
    return int(count), int(amount or 1) * RATE_UNITS[unit]


def rate_limit_group(ip):
    """Who the rate limit counts as one visitor: an IPv4 address, or an IPv6 client's /64 (one subscriber)."""
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return ip
    if address.version == 6:
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)


def rate_limit_exceeded(request):
    """Count one submission for the visitor's IP; True once they are over CONTACT_RATE_LIMIT.

    A fixed window shared by every web process: in Redis with REDIS_URL (an atomic INCR), else in the
    database (RateLimitCounter, counted under a row lock). The IP is hashed so neither holds it in clear.
    """
    limit = parse_rate_limit(getattr(settings, "CONTACT_RATE_LIMIT", "10/10m"))
    if limit is None:
        return False
    count, window = limit
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{rate_limit_group(client_ip(request))}".encode()).hexdigest()[:32]
    try:
        if settings.CACHES["default"]["BACKEND"] == REDIS_CACHE_BACKEND:
            used = count_in_cache(f"contact:rate:{digest}", window)
        else:
            used = RateLimitCounter.count_post(digest, window)
    except DatabaseError:
        # The embedded default keeps the counters in the database: while it is down they cannot be counted, and
        # the lead goes to the spool, to be delivered as usual once it is ingested (token, timing and honeypot
        # still apply). Never a 500.
        return False
    # None: the cache did not answer (Redis down, its errors ignored); uncounted means quarantined, never a 500.
    return used is None or used > count


def count_in_cache(key, window):
    """Redis's INCR counts each post once whatever the number of servers; None when Redis does not answer."""
    cache.add(key, 0, timeout=window)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.set(key, 1, timeout=window)
        return 1
