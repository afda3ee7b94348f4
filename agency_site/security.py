"""Security headers, the per-path Content Security Policy, noindex outside production and admin login rate limits."""

import hashlib
import logging

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.core.cache import cache
from django.core.exceptions import DisallowedHost, PermissionDenied
from django.dispatch import receiver
from django.middleware.csp import ContentSecurityPolicyMiddleware as DjangoContentSecurityPolicyMiddleware

# One reading of X-Forwarded-For for the whole site (CONTACT_TRUSTED_PROXY_COUNT).
from contact.spam import client_ip

logger = logging.getLogger(__name__)

# Query parameters of the site's search forms: their result pages are never indexed.
SEARCH_PARAMETERS = ("q", "query", "recherche")


class ContentSecurityPolicyMiddleware(DjangoContentSecurityPolicyMiddleware):
    """Django's CSP middleware, with the looser SECURE_CSP_ADMIN policy under the admin's paths."""

    def process_response(self, request, response):
        if request.path.startswith(settings.CSP_ADMIN_PATH_PREFIXES) and not hasattr(response, "_csp_config"):
            response._csp_config = settings.SECURE_CSP_ADMIN
        return super().process_response(request, response)


def is_indexable(request):
    """Whether search engines may index this response: a production host, and not a search result."""
    try:
        host = request.get_host().split(":")[0].lower()
    except DisallowedHost:
        return False
    if host not in settings.INDEXABLE_HOSTS:
        return False
    return not any(parameter in request.GET for parameter in SEARCH_PARAMETERS)


def indexing(request):
    """Template context: `is_indexable`, for base.html's robots meta tag."""
    return {"is_indexable": is_indexable(request)}


class SecurityHeadersMiddleware:
    """Permissions-Policy on every response, and X-Robots-Tag: noindex wherever indexing is not wanted."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        if not is_indexable(request):
            response["X-Robots-Tag"] = "noindex, nofollow"
        return response


def _failure_keys(request, username):
    account = hashlib.sha256((username or "").strip().lower().encode()).hexdigest()
    return {
        "ip": (f"login-failures:ip:{client_ip(request)}", settings.LOGIN_FAILURES_PER_IP),
        "account": (f"login-failures:account:{account}", settings.LOGIN_FAILURES_PER_ACCOUNT),
    }


def login_locked_out(request, username):
    keys = _failure_keys(request, username)
    counts = cache.get_many([key for key, _limit in keys.values()])
    return any(counts.get(key, 0) >= limit for key, limit in keys.values())


class LoginRateLimitBackend(ModelBackend):
    """Django's model backend, refusing any attempt while the IP or the account is over its failure limit.

    Raising PermissionDenied stops authenticate() before the password is even checked; the login
    form then shows its usual error, so a locked account reveals nothing to the attacker.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is not None and login_locked_out(request, username or kwargs.get("email")):
            logger.warning("admin login refused: too many failures", extra={"ip": client_ip(request)})
            raise PermissionDenied
        return super().authenticate(request, username=username, password=password, **kwargs)


@receiver(user_login_failed, dispatch_uid="count_login_failure")
def count_login_failure(sender, credentials, request=None, **kwargs):
    if request is None:
        return
    for key, _limit in _failure_keys(request, credentials.get("username")).values():
        cache.add(key, 0, settings.LOGIN_LOCKOUT_SECONDS)
        try:
            cache.incr(key)
        except ValueError:
            # Expired between add and incr: start a new window.
            cache.set(key, 1, settings.LOGIN_LOCKOUT_SECONDS)


@receiver(user_logged_in, dispatch_uid="reset_account_login_failures")
def reset_account_login_failures(sender, request, user, **kwargs):
    # The IP counter stays: logging into one's own account must not reset guesses at others.
    if request is not None:
        cache.delete(_failure_keys(request, user.get_username())["account"][0])
