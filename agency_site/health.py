"""/healthz for load balancers: database and cache reachable, answered before any other middleware."""

import logging
import uuid

from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.utils.cache import add_never_cache_headers

logger = logging.getLogger(__name__)

HEALTH_PATH = "/healthz"


def database_reachable():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:
        logger.exception("health check: database unreachable")
        return False


def cache_reachable():
    token = uuid.uuid4().hex
    try:
        cache.set("healthz", token, 10)
        return cache.get("healthz") == token
    except Exception:
        logger.exception("health check: cache unreachable")
        return False


class HealthCheckMiddleware:
    """Answer /healthz before host validation and the HTTPS redirect: probes come by IP over plain HTTP."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.rstrip("/") != HEALTH_PATH:
            return self.get_response(request)
        checks = {"database": database_reachable(), "cache": cache_reachable()}
        healthy = all(checks.values())
        response = JsonResponse(
            {
                "status": "ok" if healthy else "error",
                "checks": {name: "ok" if ok else "error" for name, ok in checks.items()},
            },
            status=200 if healthy else 503,
        )
        add_never_cache_headers(response)
        return response
