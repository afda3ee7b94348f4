"""Template tags for the <head> read by search engines and social networks, and the pages' JSON-LD."""

from django import template

from agency_site import seo
from agency_site.models import AgencySettings, HomePage

register = template.Library()


def _agency(request):
    return AgencySettings.for_request(request)


@register.simple_tag(takes_context=True)
def canonical_url(context):
    return seo.canonical_url(context["request"])


@register.simple_tag(takes_context=True)
def meta_description(context):
    """The page's own description, else the agency's presentation."""
    page = context.get("page")
    return getattr(page, "meta_description", "") or _agency(context["request"]).description


@register.inclusion_tag("components/share_meta.html", takes_context=True)
def share_meta(context):
    """Open Graph and Twitter card tags, with the page's share image or the agency's default one."""
    request = context["request"]
    page = context.get("page")
    agency = _agency(request)
    image_url, width, height, image_alt = seo.share_image(request, page)
    return {
        "site_name": agency.name,
        "title": page.meta_title if page is not None else agency.name,
        "description": meta_description(context),
        "url": seo.canonical_url(request),
        "type": "website" if page is None or isinstance(page, HomePage) else "article",
        "image_url": image_url,
        "image_width": width,
        "image_height": height,
        "image_alt": image_alt,
    }


@register.simple_tag
def json_ld(data):
    """A <script type="application/ld+json"> holding `data`, escaped for HTML."""
    return seo.json_ld_script(data)


@register.simple_tag(takes_context=True)
def site_structured_data(context):
    """WebSite on every page, the agency on the home and contact pages, the page's breadcrumb trail."""
    request = context["request"]
    page = context.get("page")
    root = seo.site_root_url(request)
    graph = [seo.website_node(root)]
    if getattr(page, "presents_the_agency", False):
        graph.append(seo.agency_node(root, _agency(request)))
    if page is not None and page.depth >= 2:
        graph.append(seo.breadcrumb_node(request, page))
    return seo.json_ld_script({"@context": "https://schema.org", "@graph": graph})


@register.simple_tag(takes_context=True)
def service_structured_data(context, service):
    request = context["request"]
    return seo.json_ld_script(
        {"@context": "https://schema.org", **seo.service_node(request, seo.site_root_url(request), service)}
    )
