"""Factories for the site-wide page types, body blocks, settings and editors, and the base every page factory shares."""

import factory
import wagtail_factories
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.utils.html import escape
from wagtail import blocks as wagtail_blocks
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page, Site
from wagtail.rich_text import RichText

from agency_site import blocks
from agency_site.models import AgencySettings, HomePage, NavigationSettings, StandardPage

EDITOR_PASSWORD = "mot-de-passe-editrice"


class HeadingBlockFactory(wagtail_factories.StructBlockFactory):
    text = factory.Sequence(lambda n: f"Section {n}")
    level = "h2"
    anchor = ""

    class Meta:
        model = blocks.HeadingBlock


class ParagraphBlockFactory(wagtail_factories.blocks.BlockFactory):
    """A rich-text paragraph: `value` is its HTML."""

    value = "<p>Un paragraphe.</p>"

    class Meta:
        model = wagtail_blocks.RichTextBlock

    @classmethod
    def _construct_block(cls, block_class, *args, **kwargs):
        return RichText(kwargs["value"])


class ImageBlockFactory(wagtail_factories.StructBlockFactory):
    image = factory.SubFactory(wagtail_factories.ImageChooserBlockFactory)
    alt_text = factory.Sequence(lambda n: f"Illustration {n}")
    decorative = False
    caption = ""

    class Meta:
        model = blocks.ImageBlock


class QuoteBlockFactory(wagtail_factories.StructBlockFactory):
    quote = "Le client a toujours une histoire à raconter."
    attribution = ""

    class Meta:
        model = blocks.QuoteBlock


class BodyStreamBlockFactory(wagtail_factories.StreamBlockFactory):
    heading = factory.SubFactory(HeadingBlockFactory)
    paragraph = factory.SubFactory(ParagraphBlockFactory)
    image = factory.SubFactory(ImageBlockFactory)
    quote = factory.SubFactory(QuoteBlockFactory)

    class Meta:
        model = blocks.BodyStreamBlock


def body_params(*blocks, field="body"):
    """Factory parameters for a body, from short (kind, text) pairs: ("h2", "Missions"), ("p", "Publier.").

    Text is escaped; ("ol", [items]) or ("ul", [items]) is a list paragraph, ("quote", text, attribution) a quote,
    ("image", image, alt) places an image. Other shapes take the factory's own parameters.
    """
    params = {}
    for position, (kind, *values) in enumerate(blocks):
        prefix = f"{field}__{position}"
        if kind in ("h2", "h3"):
            params[f"{prefix}__heading__text"] = values[0]
            params[f"{prefix}__heading__level"] = kind
        elif kind == "p":
            params[f"{prefix}__paragraph__value"] = f"<p>{escape(values[0])}</p>"
        elif kind in ("ol", "ul"):
            items = "".join(f"<li>{escape(item)}</li>" for item in values[0])
            params[f"{prefix}__paragraph__value"] = f"<{kind}>{items}</{kind}>"
        elif kind == "quote":
            params[f"{prefix}__quote__quote"] = values[0]
            params[f"{prefix}__quote__attribution"] = values[1]
        elif kind == "image":
            params[f"{prefix}__image__image__image"] = values[0]
            params[f"{prefix}__image__alt_text"] = values[1]
        else:
            raise ValueError(f"Unknown body block kind: {kind}")
    return params


def body_value(*blocks):
    """A body's StreamField value from the same pairs as body_params, to give an existing page a new body."""
    params = body_params(*blocks, field="body")
    return BodyStreamBlockFactory(**{key.removeprefix("body__"): value for key, value in params.items()})


class PublishedPageFactory(wagtail_factories.PageFactory):
    """A page added under a parent its type allows, then published as an editor would (revision, signals, dates).

    `published=False` leaves it as a page that was never published (not live, no revision).
    """

    class Meta:
        abstract = True
        skip_postgeneration_save = True

    @classmethod
    def _create_instance(cls, model_class, parent, kwargs):
        if parent is None or not model_class.can_exist_under(parent):
            raise ValueError(f"{model_class.__name__} cannot be created under {parent!r} (parent_page_types)")
        return super()._create_instance(model_class, parent, kwargs)

    @factory.post_generation
    def published(page, create, extracted, **kwargs):
        if not create:
            return
        if extracted is False:
            page.live = False
            page.save(update_fields=["live"])
            return
        page.save_revision().publish()
        page.refresh_from_db()


def make_default_site(root_page):
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return Site.objects.create(hostname="localhost", root_page=root_page, is_default_site=True, site_name="50A")
    previous = site.root_page
    site.root_page = root_page
    site.save()
    if previous.pk != root_page.pk and previous.specific_class is Page and previous.depth == 2:
        previous.delete()
    return site


class HomePageFactory(PublishedPageFactory):
    title = "Accueil"
    slug = "accueil"
    hero_title = "Votre agence digitale à Paris"
    hero_text = "<p>Nous co-construisons avec vous.</p>"
    parent = factory.LazyFunction(Page.get_first_root_node)

    class Meta:
        model = HomePage


def site_home_page():
    """The site's home page, the parent the sections default to: created (and made the default site) when missing."""
    home = HomePage.objects.first()
    if home is None:
        home = HomePageFactory()
        make_default_site(home)
    return home


class StandardPageFactory(PublishedPageFactory):
    title = factory.Sequence(lambda n: f"Page {n}")
    intro = "Une page simple."
    parent = factory.LazyFunction(site_home_page)
    body = wagtail_factories.StreamFieldFactory(BodyStreamBlockFactory)

    class Meta:
        model = StandardPage


class AgencySettingsFactory(factory.django.DjangoModelFactory):
    """The agency's details for the default site; fields not named here keep their model defaults."""

    site = factory.LazyFunction(lambda: Site.objects.get(is_default_site=True))
    name = "50A"
    street_address = "28 rue du Chemin Vert"
    postcode = "75011"
    city = "Paris"
    email = "contact@50a.fr"
    phone = "01 40 33 00 65"
    map_url = "https://www.google.com/maps/search/?api=1&query=28+rue+du+Chemin+Vert+75011+Paris"
    latitude = "48.857700"
    longitude = "2.373400"
    notification_recipients = "contact@50a.fr"

    class Meta:
        model = AgencySettings
        django_get_or_create = ("site",)


def menu_links(pages):
    """A menu's StreamField value: one link per page, labelled with the page's title."""
    return [("link", {"label": "", "page": page, "url": ""}) for page in pages]


class NavigationSettingsFactory(factory.django.DjangoModelFactory):
    site = factory.LazyFunction(lambda: Site.objects.get(is_default_site=True))
    main_menu = factory.LazyFunction(list)
    footer_links = factory.LazyFunction(list)

    class Meta:
        model = NavigationSettings
        django_get_or_create = ("site",)


class EditorGroupFactory(factory.django.DjangoModelFactory):
    """The agency's editors: the admin, adding, editing and publishing pages under the home page, and adding and
    choosing images for them."""

    name = "Éditeurs"

    class Meta:
        model = Group
        django_get_or_create = ("name",)
        skip_postgeneration_save = True

    @factory.post_generation
    def page_permissions(group, create, extracted, **kwargs):
        if not create:
            return
        group.permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
        for codename in ("add_page", "change_page", "publish_page"):
            GroupPagePermission.objects.get_or_create(
                group=group,
                page=extracted or site_home_page(),
                permission=Permission.objects.get(content_type__app_label="wagtailcore", codename=codename),
            )
        for codename in ("add_image", "change_image", "choose_image"):
            GroupCollectionPermission.objects.get_or_create(
                group=group,
                collection=Collection.get_first_root_node(),
                permission=Permission.objects.get(content_type__app_label="wagtailimages", codename=codename),
            )


class EditorFactory(factory.django.DjangoModelFactory):
    username = factory.Sequence(lambda n: f"editrice{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@50a.fr")
    password = factory.django.Password(EDITOR_PASSWORD)

    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    @factory.post_generation
    def groups(user, create, extracted, **kwargs):
        if create:
            user.groups.add(*(extracted or [EditorGroupFactory()]))
