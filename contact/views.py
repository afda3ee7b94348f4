"""The form's endpoints: the post target, the per-visitor token, the confirmation page."""

from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST
from wagtail.models import Page, Site

from agency_site.errors import DATABASE_UNAVAILABLE

from . import spam
from .models import ContactPage
from .pipeline import posted_page_id, receive_submission, spool_submission


def origin_of(url):
    try:
        parts = urlsplit(url)
    except ValueError:  # "http://[::1" and the like: no origin at all
        return None
    if not parts.scheme or not parts.netloc:
        return None
    return f"{parts.scheme}://{parts.netloc}".lower()


def trusted_origins(request):
    return {f"{request.scheme}://{request.get_host()}".lower(), *(o.lower() for o in settings.CSRF_TRUSTED_ORIGINS)}


def is_same_origin_post(request):
    """Cross-site forgery check that needs no per-visitor token, so pages with the form stay cacheable.

    Browsers send Origin on every POST (and Sec-Fetch-Site); a forged cross-site post cannot hide
    either. Referer is the fallback for old browsers. A client sending none of them is not a
    browser acting for a victim, which is what CSRF is about.
    """
    origin = request.headers.get("Origin")
    if origin is not None:
        return origin.lower() in trusted_origins(request)
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site is not None:
        return fetch_site in ("same-origin", "none")
    referer = request.headers.get("Referer")
    if referer is not None:
        return origin_of(referer) in trusted_origins(request)
    return True


def source_page_for(request):
    """The live page the form was posted from, else the contact page."""
    site = Site.find_for_request(request)
    pages = Page.objects.live().public()
    if site is not None:
        pages = pages.descendant_of(site.root_page, inclusive=True)
    page = None
    page_id = posted_page_id(request.POST.get("source_page", ""))
    if page_id is not None:
        page = pages.filter(pk=page_id).first()
    if page is None:
        page = pages.type(ContactPage).first()
    return page.specific if page is not None else None


def form_context(reception):
    form = reception.form
    if reception.fresh_token:
        form.data = form.data.copy()
        form.data["token"] = reception.fresh_token
    return {
        "contact_form": form,
        "contact_needs_confirmation": reception.needs_confirmation,
    }


def render_form_on_page(request, page, reception, status=200):
    """The page the visitor was on, with the form bound; per-visitor, so never stored by any cache."""
    context = page.get_context(request)
    context.update(form_context(reception))
    response = TemplateResponse(request, page.get_template(request), context, status=status)
    add_never_cache_headers(response)
    return response


def render_form_alone(request, reception):
    """The form with its field errors (or its confirmation step) on a page that needs no database.

    The page the visitor was on needs the database (its content, the menus, the agency's details);
    while it is down, the visitor still sees what to correct, by each field, and keeps what they typed.
    """
    context = form_context(reception)
    context["source_page_id"] = posted_page_id(request.POST.get("source_page", ""))
    response = render(request, "contact/form_standalone.html", context)
    add_never_cache_headers(response)
    return response


@csrf_exempt
@require_POST
def submit(request):
    if not is_same_origin_post(request):
        response = render(request, "contact/forbidden.html", status=403)
        add_never_cache_headers(response)
        return response
    try:
        page = source_page_for(request)
        reception = receive_submission(request, source_page=page)
    except DATABASE_UNAVAILABLE:
        # The lead must survive a database outage: kept on disk, stored when the database is back.
        reception = spool_submission(request)
        if not reception.spooled:
            return render_form_alone(request, reception)
    if reception.submission is not None or reception.spooled:
        # 303: the browser follows with a GET, so reloading the confirmation never posts again.
        return HttpResponseRedirect(reverse("contact_thanks"), status=303)
    if page is None:
        response = render(request, "contact/form_page.html", form_context(reception))
        add_never_cache_headers(response)
        return response
    return render_form_on_page(request, page, reception)


@never_cache
@require_GET
def token(request):
    """A fresh signed token (issue time + idempotency key) for the visitor's form, fetched by contact.js."""
    return JsonResponse({"token": spam.issue_token()})


@never_cache
def thanks(request):
    try:
        return render(request, "contact/thanks.html")
    except DATABASE_UNAVAILABLE:
        # The site's menus need the database; the visitor still gets the usual confirmation.
        return render(request, "contact/thanks_standalone.html")
