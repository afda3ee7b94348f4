"""Search-engine metadata: canonical URLs, share images and the JSON-LD graphs of every page."""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.templatetags.static import static
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from wagtail.images import get_image_model

from .pagecache.entries import cached_for_content_version

SHARE_IMAGE_FILTER = "fill-1200x630|format-jpeg|jpegquality-80"
DEFAULT_SHARE_IMAGE = "img/share-default.png"
DEFAULT_SHARE_IMAGE_SIZE = (1200, 630)

# What json.dumps leaves alone but an HTML parser would read as the end of the <script> element or an entity.
JSON_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def dump_json_ld(data):
    """JSON text safe to place inside <script type="application/ld+json">."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, separators=(",", ":"))
    return mark_safe(text.translate(JSON_SCRIPT_ESCAPES))  # noqa: S308 - every HTML-significant character is escaped


def json_ld_script(data):
    return mark_safe(f'<script type="application/ld+json">{dump_json_ld(data)}</script>')  # noqa: S308


def site_root_url(request):
    """The root of the host this request was served on (a host ALLOWED_HOSTS accepted), without a trailing slash."""
    return request.build_absolute_uri("/").rstrip("/")


def page_full_url(request, page):
    # Absolute on the request's host, so that every URL in a page's head agrees with the address it was read at.
    return request.build_absolute_uri(page.get_url(request))


def canonical_url(request):
    """This page's address without its query string: filters and tracking parameters never make a new page."""
    return request.build_absolute_uri(request.path)


def share_rendition(image_id):
    """(url, width, height, alt) of an image's share rendition, or None when the image is gone."""
    image = get_image_model().objects.filter(pk=image_id).first()
    if image is None:
        return None
    rendition = image.get_rendition(SHARE_IMAGE_FILTER)
    return rendition.url, rendition.width, rendition.height, image.title


def share_image(request, page=None):
    """(absolute url, width, height, alt) of the image shown when the page is shared."""
    image_id = getattr(page, "social_image_id", None)
    shared = None
    if image_id is not None:
        # Saving or deleting an image changes the content version: its row and rendition are read once.
        shared = cached_for_content_version(f"share-image:{image_id}", None, lambda: share_rendition(image_id))
    if shared is not None:
        url, width, height, alt = shared
        return request.build_absolute_uri(url), width, height, alt
    width, height = DEFAULT_SHARE_IMAGE_SIZE
    return request.build_absolute_uri(static(DEFAULT_SHARE_IMAGE)), width, height, _("Logo de l’agence 50A")


def website_node(root):
    return {
        "@type": "WebSite",
        "@id": f"{root}/#website",
        "url": f"{root}/",
        "name": "50A",
        "inLanguage": "fr-FR",
        "publisher": {"@id": f"{root}/#agency"},
    }


def agency_node(root, agency):
    """The agency as a ProfessionalService: what a search engine shows in a local business panel."""
    node = {
        "@type": "ProfessionalService",
        "@id": f"{root}/#agency",
        "name": agency.name,
        "url": f"{root}/",
        "logo": f"{root}{static('img/icon-512.png')}",
        "image": f"{root}{static(DEFAULT_SHARE_IMAGE)}",
    }
    if agency.description:
        node["description"] = agency.description
    if agency.street_address or agency.city:
        node["address"] = {
            "@type": "PostalAddress",
            "streetAddress": agency.street_address,
            "postalCode": agency.postcode,
            "addressLocality": agency.city,
            "addressCountry": "FR",
        }
    if agency.phone:
        node["telephone"] = agency.phone_uri.removeprefix("tel:")
    if agency.email:
        node["email"] = agency.email
    if agency.latitude is not None and agency.longitude is not None:
        node["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": float(agency.latitude),
            "longitude": float(agency.longitude),
        }
    if agency.map_url:
        node["hasMap"] = agency.map_url
    if agency.profile_urls:
        node["sameAs"] = agency.profile_urls
    return node


def breadcrumb_node(request, page):
    """Accueil › … › the page, as a BreadcrumbList; the home page is its own single crumb."""
    trail = [*page.breadcrumb_ancestors, page]
    items = []
    for position, crumb in enumerate(trail, start=1):
        name = _("Accueil") if crumb.depth == 2 else crumb.title
        items.append({"@type": "ListItem", "position": position, "name": name, "item": page_full_url(request, crumb)})
    return {"@type": "BreadcrumbList", "@id": f"{page_full_url(request, page)}#breadcrumb", "itemListElement": items}


def service_node(request, root, service):
    url = page_full_url(request, service)
    return {
        "@type": "Service",
        "@id": f"{url}#service",
        "name": service.title,
        "description": service.meta_description,
        "url": url,
        "serviceType": service.title,
        "provider": {"@id": f"{root}/#agency"},
        "areaServed": {"@type": "City", "name": "Paris"},
    }
