"""Builds the demo site from the content modules; every step creates only what is missing."""

import io
import math
import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.files.images import ImageFile
from django.db import transaction
from django.utils.html import escape
from PIL import Image as PILImage
from PIL import ImageDraw
from wagtail.images import get_image_model
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page, Site

from agency_site.typography import french_typography

from . import seed_entry, site_content

EDITOR_GROUP = "Éditeurs"
EDITOR_USERNAME = "editeur"
EDITOR_EMAIL = "editeur@50a.fr"
CREDENTIALS_FILE = Path(settings.BASE_DIR) / ".demo-editor-password"


def rich_paragraph(text):
    return f"<p>{escape(french_typography(text))}</p>"


def rich_list(tag, items):
    return f"<{tag}>" + "".join(f"<li>{escape(french_typography(item))}</li>" for item in items) + f"</{tag}>"


def stream_blocks(spec, images=None):
    """Turn a content spec (see seed_entry.BODY) into StreamField raw data."""
    blocks = []
    for item in spec:
        kind = item[0]
        if kind in ("h2", "h3"):
            blocks.append(
                {"type": "heading", "value": {"text": french_typography(item[1]), "level": kind, "anchor": ""}}
            )
        elif kind == "p":
            blocks.append({"type": "paragraph", "value": rich_paragraph(item[1])})
        elif kind in ("ol", "ul"):
            blocks.append({"type": "paragraph", "value": rich_list(kind, item[1])})
        elif kind == "image":
            _, key, alt = item
            blocks.append(
                {
                    "type": "image",
                    "value": {
                        "image": images[key].pk,
                        "alt_text": french_typography(alt),
                        "decorative": False,
                        "caption": "",
                    },
                }
            )
        else:
            raise ValueError(f"Unknown demo block kind: {kind}")
    return blocks


class DemoBuilder:
    def __init__(self, log=print):
        self.log = log
        self.created = []

    def note(self, what):
        self.created.append(what)
        self.log(f"  + {what}")

    # Pages -----------------------------------------------------------------

    def child(self, parent, model, slug, **fields):
        """The parent's child with this slug, created and published when missing; never overwritten."""
        existing = parent.get_children().filter(slug=slug).first()
        if existing is not None:
            return existing.specific
        page = model(slug=slug, **fields)
        parent.add_child(instance=page)
        page.save_revision().publish()
        self.note(f"page {page.url_path}")
        return page

    def home_page(self):
        from agency_site.models import HomePage

        root = Page.get_first_root_node()
        home = HomePage.objects.first()
        if home is None:
            content = site_content.HOME
            home = self.child(
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
            site = Site.objects.create(
                hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="50A"
            )
            self.note("site")
        elif site.root_page_id != home.pk:
            previous = site.root_page
            site.root_page = home
            site.site_name = "50A"
            site.save()
            # Wagtail's install creates a bare welcome page; it has no place in the agency's tree.
            if previous.specific_class is Page and previous.depth == 2 and not previous.get_children().exists():
                previous.delete()
            self.note("default site points to the home page")
        return home

    def images(self):
        return {
            "community-management": self.illustration(
                "community-management", seed_entry.FIRST_IMAGE_ALT, palette=("#14213d", "#c8102e", "#f5f3ef")
            ),
            "community-manager-reactions": self.illustration(
                "community-manager-reactions", seed_entry.SECOND_IMAGE_ALT, palette=("#f5f3ef", "#14213d", "#c8102e")
            ),
        }

    def illustration(self, key, title, palette):
        Image = get_image_model()
        title = french_typography(title)
        image = Image.objects.filter(title=title).first()
        if image is not None:
            return image
        image = Image(title=title, file=ImageFile(io.BytesIO(draw_community(palette)), name=f"{key}.png"))
        image.save()
        self.note(f"image {title}")
        return image

    def build(self):
        from contact.models import ContactPage
        from glossary.demo import build_demo_glossary
        from glossary.models import GlossaryEntryPage, GlossaryIndexPage
        from services.models import ServiceIndexPage, ServicePage

        with transaction.atomic():
            home = self.home_page()
            images = self.images()

            content = site_content.SERVICE_INDEX
            service_index = self.child(
                home,
                ServiceIndexPage,
                content["slug"],
                title=content["title"],
                intro=french_typography(content["intro"]),
            )
            services = {}
            for spec in site_content.SERVICES:
                services[spec["slug"]] = self.child(
                    service_index,
                    ServicePage,
                    spec["slug"],
                    title=spec["title"],
                    teaser_headline=french_typography(spec["teaser_headline"]),
                    teaser_text=french_typography(spec["teaser_text"]),
                    intro=french_typography(spec["intro"]),
                    listing_summary=french_typography(f"{spec['teaser_headline']} {spec['teaser_text']}"),
                    body=stream_blocks(spec["body"]),
                )

            content = site_content.GLOSSARY_INDEX
            glossary_index = self.child(
                home,
                GlossaryIndexPage,
                content["slug"],
                title=content["title"],
                seo_title=content["seo_title"],
                intro=french_typography(content["intro"]),
            )
            if not glossary_index.get_children().filter(slug=seed_entry.SLUG).exists():
                entry = GlossaryEntryPage(
                    title=seed_entry.TITLE,
                    slug=seed_entry.SLUG,
                    short_definition=french_typography(seed_entry.SHORT_DEFINITION),
                    body=stream_blocks(seed_entry.BODY, images),
                    social_image=images["community-management"],
                )
                entry.set_services([services[slug] for slug in seed_entry.SERVICE_SLUGS])
                glossary_index.add_child(instance=entry)
                entry.save_revision().publish()
                self.note(f"page {entry.url_path}")
            build_demo_glossary(glossary_index, services, self.note)

            content = site_content.CONTACT_PAGE
            contact_page = self.child(
                home,
                ContactPage,
                content["slug"],
                title=content["title"],
                intro=french_typography(content["intro"]),
                form_title=content["form_title"],
                form_subtitle=content["form_subtitle"],
            )
            legal_pages = [
                self.standard_page(home, spec) for spec in (site_content.LEGAL_PAGE, site_content.PRIVACY_PAGE)
            ]

            self.agency_settings(home)
            self.navigation(home, [service_index, glossary_index, contact_page], [*legal_pages, contact_page])
            editor_password = self.editor(home)
        return editor_password

    def standard_page(self, home, spec):
        from agency_site.models import StandardPage

        return self.child(
            home,
            StandardPage,
            spec["slug"],
            title=spec["title"],
            intro=french_typography(spec["intro"]),
            body=stream_blocks(spec["body"]),
        )

    # Settings --------------------------------------------------------------

    def agency_settings(self, home):
        from agency_site.models import AgencySettings

        site = home.get_site()
        agency = AgencySettings.for_site(site)
        if agency.street_address or agency.email:
            return
        for field, value in site_content.AGENCY.items():
            setattr(agency, field, french_typography(value) if field in ("block_subtitle",) else value)
        agency.save()
        self.note("coordonnées de l’agence")

    def navigation(self, home, menu_pages, footer_pages):
        from agency_site.models import NavigationSettings

        navigation = NavigationSettings.for_site(home.get_site())
        if navigation.main_menu or navigation.footer_links:
            return
        navigation.main_menu = [("link", {"label": "", "page": page, "url": ""}) for page in menu_pages]
        navigation.footer_links = [("link", {"label": "", "page": page, "url": ""}) for page in footer_pages]
        navigation.save()
        self.note("menu principal et pied de page")

    # Editor account --------------------------------------------------------

    def editor_group(self, home):
        group, created = Group.objects.get_or_create(name=EDITOR_GROUP)
        if created:
            group.permissions.add(
                *Permission.objects.filter(content_type__app_label="wagtailadmin", codename="access_admin"),
                *Permission.objects.filter(
                    content_type__app_label="agency_site",
                    codename__in=["change_agencysettings", "change_navigationsettings"],
                ),
                *Permission.objects.filter(
                    content_type__app_label="contact",
                    codename__in=["view_contactsubmission", "change_contactsubmission"],
                ),
                *Permission.objects.filter(content_type__app_label="glossary", codename__startswith="view_"),
                *Permission.objects.filter(
                    content_type__app_label="glossary", codename__in=["add_glossarycategory", "change_glossarycategory"]
                ),
            )
            for codename in ("add_page", "change_page", "publish_page", "lock_page", "unlock_page"):
                GroupPagePermission.objects.create(
                    group=group,
                    page=home,
                    permission=Permission.objects.get(content_type__app_label="wagtailcore", codename=codename),
                )
            root_collection = Collection.get_first_root_node()
            for app_label, codenames in {
                "wagtailimages": ("add_image", "change_image", "choose_image"),
                "wagtaildocs": ("add_document", "change_document", "choose_document"),
            }.items():
                for codename in codenames:
                    GroupCollectionPermission.objects.create(
                        group=group,
                        collection=root_collection,
                        permission=Permission.objects.get(content_type__app_label=app_label, codename=codename),
                    )
            self.note(f"groupe {EDITOR_GROUP}")
        return group

    def editor(self, home):
        """The demo editor; returns its password when known to this machine (a fresh one, or the stored one)."""
        group = self.editor_group(home)
        User = get_user_model()
        user = User.objects.filter(username=EDITOR_USERNAME).first()
        if user is None:
            password = secrets.token_urlsafe(12)
            user = User.objects.create_user(
                EDITOR_USERNAME, EDITOR_EMAIL, password, first_name="Éditrice", last_name="Démo"
            )
            user.groups.add(group)
            store_password(password)
            self.note(f"compte {EDITOR_USERNAME}")
            return password
        if CREDENTIALS_FILE.exists():
            password = CREDENTIALS_FILE.read_text().strip()
            if user.check_password(password):
                return password
        return None


def store_password(password):
    try:
        CREDENTIALS_FILE.write_text(password + "\n")
        CREDENTIALS_FILE.chmod(0o600)
    except OSError:
        pass


def draw_community(palette, size=(1200, 675)):
    """A flat illustration: a community of people around a central speaker, linked by conversations."""
    background, primary, secondary = palette
    image = PILImage.new("RGB", size, background)
    draw = ImageDraw.Draw(image)
    cx, cy = size[0] // 2, size[1] // 2
    members = []
    for ring, (radius, count) in enumerate(((190, 8), (290, 12))):
        for i in range(count):
            angle = 2 * math.pi * i / count + ring * 0.3
            members.append((cx + int(radius * 1.45 * math.cos(angle)), cy + int(radius * math.sin(angle))))
    for x, y in members:
        draw.line((cx, cy, x, y), fill=secondary, width=3)
    for index, (x, y) in enumerate(members):
        colour = primary if index % 3 else secondary
        draw.ellipse((x - 22, y - 22, x + 22, y + 22), fill=colour)
        draw.ellipse((x - 9, y - 34, x + 9, y - 16), fill=background, outline=colour, width=4)
    draw.ellipse((cx - 70, cy - 70, cx + 70, cy + 70), fill=secondary)
    draw.ellipse((cx - 30, cy - 48, cx + 30, cy + 12), fill=primary)
    draw.pieslice((cx - 52, cy + 4, cx + 52, cy + 100), 180, 360, fill=primary)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
