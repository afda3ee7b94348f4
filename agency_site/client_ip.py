"""The visitor's IP address as the site reads it everywhere, behind its own trusted proxies."""

from django.conf import settings


def client_ip(request):
    """REMOTE_ADDR, or the address our own trusted proxies put in X-Forwarded-For (CONTACT_TRUSTED_PROXY_COUNT)."""
    proxies = int(getattr(settings, "CONTACT_TRUSTED_PROXY_COUNT", 0))
    if proxies:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")
