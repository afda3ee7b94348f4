"""Request guards that must run before Django's own middleware reads a form body, and response compression."""

from django.http import HttpResponseBadRequest
from django.middleware.gzip import GZipMiddleware
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


# Text worth compressing; images, fonts, PDFs and archives are compressed already.
COMPRESSIBLE_TYPES = ("text/", "application/json", "application/javascript", "application/xml", "image/svg+xml")


class TextGZipMiddleware(GZipMiddleware):
    """Django's GZipMiddleware for rendered text only: files streamed by WhiteNoise or the media and document
    views keep their own encoding, their Content-Length, and byte ranges that match what is sent."""

    def process_response(self, request, response):
        if response.streaming or response.status_code == 206 or response.has_header("Content-Range"):
            return response
        content_type = response.get("Content-Type", "").lower()
        if not content_type.startswith(COMPRESSIBLE_TYPES):
            return response
        return super().process_response(request, response)
