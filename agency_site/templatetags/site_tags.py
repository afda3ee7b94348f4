"""Template tags for the site-wide parts of every page: menus, the contact block and French typography."""

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from wagtail.images import get_image_model
from wagtail.images.models import Picture
from wagtail.images.shortcuts import get_renditions_or_not_found
from wagtail.models import Site

from agency_site.models import AgencySettings, NavigationSettings
from agency_site.pagecache.entries import cached_for_content_version
from agency_site.typography import typography

register = template.Library()

# `{% filter typography %}` in base.html sets every page's text; also usable on one value (an attribute).
register.filter("typography", typography)


@register.simple_tag
def responsive_picture(image, formats="avif,webp,jpeg", widths="400,800,1200", **attrs):
    """Wagtail's `{% picture %}`, without widths the image cannot reach.

    Renditions never upscale: an upload 600 px wide asked for at 800 and 1200 px gives two more 600 px files, and a
    `srcset` that repeats a width, which HTML forbids (wagtail/wagtail#12389, open). Widths past the image's own
    collapse into one rendition at its width."""
    if not image:
        return ""
    usable = sorted({min(int(width), image.width) for width in widths.split(",")})
    specs = [f"format-{name}|width-{width}" for name in formats.split(",") for width in usable]
    # The object itself: the template engine calls its __html__ (attributes escaped by flatatt).
    return Picture(get_renditions_or_not_found(image, specs), attrs)


def _site(context):
    request = context.get("request")
    return Site.find_for_request(request) if request else Site.objects.filter(is_default_site=True).first()


def _menu(site, field_name):
    # Menus list page titles and URLs: cached until any content changes (agency_site/pagecache/).
    if not site:
        return []
    return cached_for_content_version(field_name, site, lambda: NavigationSettings.for_site(site).resolve(field_name))


@register.inclusion_tag("components/main_menu.html", takes_context=True)
def main_menu(context):
    site = _site(context)
    links = _menu(site, "main_menu")
    page = context.get("page")
    request = context.get("request")
    path = request.path if request else ""
    # The menu entry whose section holds the current page (the glossary, for one of its entries) is marked too.
    section_urls = [
        url for _label, url, _page_id in links if url != "/" and url.startswith("/") and path.startswith(url)
    ]
    return {
        "links": links,
        "current_page_id": getattr(page, "pk", None),
        "current_ancestor_urls": section_urls,
    }


@register.inclusion_tag("components/footer_links.html", takes_context=True)
def footer_links(context):
    site = _site(context)
    return {"links": _menu(site, "footer_links")}


@register.inclusion_tag("components/contact_block.html", takes_context=True)
def contact_block(context, short=False):
    """The agency's details: in full above the contact form, `short` in the footer."""
    request = context.get("request")
    if request is not None:
        # The same instance the `settings` context processor already loaded for this request.
        agency = AgencySettings.for_request(request)
    else:
        site = _site(context)
        agency = AgencySettings.for_site(site) if site else AgencySettings()
    return {"agency": agency, "short": short}


@register.simple_tag
def agency_map_picture(agency):
    """The map image as a responsive <picture>, or "": rendered once per content version (image and renditions)."""
    image_id = agency.map_image_id
    if image_id is None:
        return ""

    def render_picture():
        image = get_image_model().objects.filter(pk=image_id).first()
        if image is None:
            return ""
        return render_to_string("components/agency_map.html", {"image": image, "agency": agency})

    return mark_safe(cached_for_content_version(f"agency-map:{image_id}", None, render_picture))  # noqa: S308 (our template's output)
