"""Finds each installed app's demo module and loads them in app order; every step creates only what is missing."""

import importlib
import importlib.util
import secrets
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils.html import escape
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission

from agency_site.typography import french_typography

EDITOR_GROUP = "Éditeurs"
EDITOR_USERNAME = "editeur"
EDITOR_EMAIL = "editeur@50a.fr"
CREDENTIALS_FILE = Path(settings.BASE_DIR) / ".demo-editor-password"


def rich_paragraph(text):
    return f"<p>{escape(french_typography(text))}</p>"


def rich_list(tag, items):
    return f"<{tag}>" + "".join(f"<li>{escape(french_typography(item))}</li>" for item in items) + f"</{tag}>"


def stream_blocks(spec, images=None):
    """Turn a content spec, a list of ("h2"|"h3", text), ("p", text), ("ol"|"ul", items), ("image", key, alt),
    ("legal_notice",), into StreamField raw data."""
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
        elif kind == "legal_notice":
            blocks.append({"type": "legal_notice", "value": None})
        else:
            raise ValueError(f"Unknown demo block kind: {kind}")
    return blocks


class DemoContext:
    """What the apps' demo modules share while loading: the home page, the menus they fill, the log."""

    def __init__(self, log=print):
        self.log = log
        self.created = []
        self.home = None
        self.main_menu = []
        self.footer_links = []
        # Permissions the demo editor group gets, added by each app for its own models.
        self.editor_permissions = []
        self.editor_password = None

    def note(self, what):
        self.created.append(what)
        self.log(f"  + {what}")

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


def demo_modules():
    """The `demo` module of every installed app that has one, in INSTALLED_APPS order."""
    modules = []
    for app_config in apps.get_app_configs():
        name = f"{app_config.name}.demo"
        if importlib.util.find_spec(name) is not None:
            modules.append(importlib.import_module(name))
    return modules


def load_demo_content(log=print):
    """Load every app's demo content, then the menus and the demo editor account; returns the context."""
    context = DemoContext(log=log)
    with transaction.atomic():
        for module in demo_modules():
            module.load(context)
        navigation(context)
        context.editor_password = editor(context)
    return context


def navigation(context):
    from agency_site.models import NavigationSettings

    navigation = NavigationSettings.for_site(context.home.get_site())
    if navigation.main_menu or navigation.footer_links:
        return
    navigation.main_menu = [("link", {"label": "", "page": page, "url": ""}) for page in context.main_menu]
    navigation.footer_links = [("link", {"label": "", "page": page, "url": ""}) for page in context.footer_links]
    navigation.save()
    context.note("menu principal et pied de page")


# Editor account --------------------------------------------------------------------------------------


def editor_group(context):
    group, created = Group.objects.get_or_create(name=EDITOR_GROUP)
    if created:
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="wagtailadmin", codename="access_admin"),
            *context.editor_permissions,
        )
        for codename in ("add_page", "change_page", "publish_page", "lock_page", "unlock_page"):
            GroupPagePermission.objects.create(
                group=group,
                page=context.home,
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
        context.note(f"groupe {EDITOR_GROUP}")
    return group


def editor(context):
    """The demo editor; returns its password when known to this machine (a fresh one, or the stored one)."""
    group = editor_group(context)
    User = get_user_model()
    user = User.objects.filter(username=EDITOR_USERNAME).first()
    if user is None:
        password = secrets.token_urlsafe(12)
        user = User.objects.create_user(
            EDITOR_USERNAME, EDITOR_EMAIL, password, first_name="Éditrice", last_name="Démo"
        )
        user.groups.add(group)
        store_password(password)
        context.note(f"compte {EDITOR_USERNAME}")
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
