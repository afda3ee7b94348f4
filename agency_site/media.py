"""Uploaded images answered by Django, where no web server or object storage does (SERVE_MEDIA)."""

import posixpath

from django.conf import settings
from django.http import Http404
from django.utils.cache import patch_cache_control
from django.views.static import serve

# Wagtail never rewrites a rendition under the same name: browsers may keep one for a day without asking.
MEDIA_MAX_AGE = 24 * 60 * 60
# Only images: documents go through Wagtail's view, which applies their privacy settings, never around it.
SERVED_FOLDERS = ("images/", "original_images/")


def serve_media(request, path):
    # Judge the path once normalised ("images/../documents/x.pdf", "//documents/", "./documents/"),
    # and case-insensitively for file systems that are.
    normalised = posixpath.normpath(path).lstrip("/")
    if not settings.SERVE_MEDIA or normalised.startswith("..") or not normalised.lower().startswith(SERVED_FOLDERS):
        raise Http404
    response = serve(request, normalised, document_root=settings.MEDIA_ROOT)
    patch_cache_control(response, public=True, max_age=MEDIA_MAX_AGE)
    return response
