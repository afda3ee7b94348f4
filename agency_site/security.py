"""Security headers, the per-path Content Security Policy, noindex outside production and the admin lockout."""

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.db.models import Sum
from django.middleware.csp import ContentSecurityPolicyMiddleware as DjangoContentSecurityPolicyMiddleware

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


def login_account(request, credentials):
    """The account a login attempt is counted against: the username as typed, trimmed and in lower case."""
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    return username.strip().lower()


class AccountOrAddressLockoutHandler(AxesDatabaseHandler):
    """Axes' database handler (one count for every process) with the site's two limits: per account and per IP.

    Axes compares one failure count with AXES_FAILURE_LIMIT. Here that count is the limit minus the failures
    left before the nearer of the two limits, so LOGIN_FAILURES_PER_ACCOUNT failures on one account or
    LOGIN_FAILURES_PER_IP from one IP both reach it. Each attempt row keeps the time of its last failure,
    so the lockout runs LOGIN_LOCKOUT_SECONDS from the last failure.
    """

    def get_failures(self, request, credentials=None):
        recent = AccessAttempt.objects.filter(attempt_time__gte=get_cool_off_threshold(request))
        by_account = self.failures_in(recent.filter(username=get_client_username(request, credentials)))
        by_address = self.failures_in(recent.filter(ip_address=request.axes_ip_address))
        failures_left = min(
            settings.LOGIN_FAILURES_PER_ACCOUNT - by_account, settings.LOGIN_FAILURES_PER_IP - by_address
        )
        return get_failure_limit(request, credentials) - failures_left

    @staticmethod
    def failures_in(attempts):
        return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0

    def reset_user_attempts(self, request, credentials=None):
        # Only the account's failures: logging into one's own account must not reset guesses at others.
        count, _deleted = AccessAttempt.objects.filter(username=get_client_username(request, credentials)).delete()
        return count
