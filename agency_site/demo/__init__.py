"""The site's own demo content: the home page, the legal pages, the agency's details; apps add theirs."""

from django.contrib.auth.models import Permission
from wagtail.models import Page, Site

from agency_site.typography import french_typography

from . import site_content
from .loader import stream_blocks
from .pictures import demo_image, draw_map_placeholder


def load(context):
    """Create the home page (and point the default site at it), the legal pages and the agency's details."""
    context.home = home_page(context)
    context.footer_links.extend(
        standard_page(context, spec) for spec in (site_content.LEGAL_PAGE, site_content.PRIVACY_PAGE)
    )
    agency_settings(context)
    context.editor_permissions.extend(
        Permission.objects.filter(
            content_type__app_label="agency_site", codename__in=["change_agencysettings", "change_navigationsettings"]
        )
    )


def home_page(context):
    from agency_site.models import HomePage

    root = Page.get_first_root_node()
    home = HomePage.objects.first()
    if home is None:
        content = site_content.HOME
        home = context.child(
            root,
            HomePage,
            content["slug"],
            title=content["title"],
            seo_title=content["seo_title"],
            search_description=content["search_description"],
            hero_title=french_typography(content["hero_title"]),
            hero_text=french_typography(content["hero_text"]),
            services_intro=french_typography(content["services_intro"]),
            glossary_intro=french_typography(content["glossary_intro"]),
        )
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        site = Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="50A")
        context.note("site")
    elif site.root_page_id != home.pk:
        previous = site.root_page
        site.root_page = home
        site.site_name = "50A"
        site.save()
        # Wagtail's install creates a bare welcome page; it has no place in the agency's tree.
        if previous.specific_class is Page and previous.depth == 2 and not previous.get_children().exists():
            previous.delete()
        context.note("default site points to the home page")
    return home


def standard_page(context, spec):
    from agency_site.models import StandardPage

    return context.child(
        context.home,
        StandardPage,
        spec["slug"],
        title=spec["title"],
        intro=french_typography(spec["intro"]),
        body=stream_blocks(spec["body"]),
    )


def agency_settings(context):
    from agency_site.models import AgencySettings

    agency = AgencySettings.for_site(context.home.get_site())
    if agency.street_address or agency.email:
        return
    for field, value in site_content.AGENCY.items():
        setattr(agency, field, french_typography(value) if field in ("block_subtitle",) else value)
    # The legal notice fields stay empty: the page reads « à compléter » and the deploy check warns.
    agency.map_image = demo_image(
        "Plan d’accès provisoire", "plan-acces-provisoire.png", draw_map_placeholder(), context.note
    )
    agency.save()
    context.note("coordonnées de l’agence")
