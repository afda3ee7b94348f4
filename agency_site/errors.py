"""The 500 handler: a French error page that renders with the database down."""

from django.http import HttpResponseServerError
from django.template import TemplateDoesNotExist, TemplateSyntaxError, loader

FALLBACK_500 = (
    '<!DOCTYPE html><html lang="fr"><title>Erreur du serveur | 50A</title><h1>Une erreur est survenue</h1></html>'
)


def server_error(request):
    """The French 500 page, rendered without the request's context processors so that no query runs."""
    try:
        body = loader.get_template("500.html").render()
    except (TemplateDoesNotExist, TemplateSyntaxError):
        body = FALLBACK_500
    return HttpResponseServerError(body)
