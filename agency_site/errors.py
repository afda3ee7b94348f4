"""The 500 handler: a French error page that renders with the database down, and a 503 when that is the cause."""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError
from django.template import TemplateDoesNotExist, TemplateSyntaxError, loader

FALLBACK_500 = (
    '<!DOCTYPE html><html lang="fr"><title>Erreur du serveur | 50A</title><h1>Une erreur est survenue</h1></html>'
)
FALLBACK_503 = (
    '<!DOCTYPE html><html lang="fr"><title>Site momentanément indisponible | 50A</title>'
    "<h1>Site momentanément indisponible</h1></html>"
)
# Seconds a client (or a crawler) should wait before trying again while the database is unreachable.
DATABASE_RETRY_AFTER = 30
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)


def render_standalone(template_name, fallback):
    """A page rendered without the request's context processors, so that no query runs."""
    try:
        return loader.get_template(template_name).render()
    except (TemplateDoesNotExist, TemplateSyntaxError):
        return fallback


def server_error(request):
    """The French 500 page; a French 503 with Retry-After when the database cannot be reached.

    Django calls this handler inside its `except` block, for an exception raised by any view or
    middleware, so the exception being handled says whether the database is the cause.
    """
    if isinstance(sys.exc_info()[1], DATABASE_UNAVAILABLE):
        response = HttpResponse(render_standalone("503.html", FALLBACK_503), status=503)
        response["Retry-After"] = str(DATABASE_RETRY_AFTER)
        response["Cache-Control"] = "no-store"
        return response
    return HttpResponseServerError(render_standalone("500.html", FALLBACK_500))
