"""Request guards that must run before Django's own middleware reads a form body."""

from django.http import HttpResponseBadRequest
from django.utils.translation import gettext as _

FORM_CONTENT_TYPES = {"application/x-www-form-urlencoded", "multipart/form-data"}
ACCEPTED_CHARSETS = {"utf-8", "utf8", "us-ascii", "ascii"}


class RejectUndecodableFormMiddleware:
    """Answer 400, not 500, to a form body Django cannot decode (e.g. declared charset=utf-16)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "POST" and request.content_type in FORM_CONTENT_TYPES:
            charset = (request.content_params.get("charset") or "utf-8").strip().lower()
            if charset not in ACCEPTED_CHARSETS:
                return HttpResponseBadRequest(
                    _("Le formulaire doit être envoyé en UTF-8."), content_type="text/plain; charset=utf-8"
                )
        return self.get_response(request)
