"""Admin integration: the glossary tools menu (report, import, export) and the missed searches listing."""

from django.db.models import Q
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.models import Site
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from agency_site.pagecache.concerned import CONCERNED_PAGES_HOOK, site_relative_url
from services.models import ServicePage

from . import views
from .models import GlossaryEntryPage, GlossaryIndexPage, GlossarySearchMiss


@hooks.register("register_admin_urls")
def register_glossary_admin_urls():
    return [
        path("glossaire/rapport/", views.report, name="glossary_report"),
        path("glossaire/import/", views.import_entries, name="glossary_import"),
        path("glossaire/import/<int:pk>/", views.import_status, name="glossary_import_status"),
        path("glossaire/import/<int:pk>/progression/", views.import_progress, name="glossary_import_progress"),
        path("glossaire/import/<int:pk>/relancer/", views.relaunch_import, name="glossary_import_relaunch"),
        path("glossaire/export/", views.export_entries, name="glossary_export"),
    ]


@hooks.register("register_admin_menu_item")
def register_glossary_menu():
    submenu = Menu(
        items=[
            MenuItem(_("Rapport"), reverse("glossary_report"), icon_name="warning", order=100),
            MenuItem(_("Importer"), reverse("glossary_import"), icon_name="upload", order=200),
            MenuItem(_("Exporter en CSV"), reverse("glossary_export"), icon_name="download", order=300),
        ]
    )
    return SubmenuMenuItem(_("Outils du glossaire"), submenu, icon_name="help", name="glossary-tools", order=250)


class GlossarySearchMissViewSet(SnippetViewSet):
    model = GlossarySearchMiss
    icon = "search"
    menu_label = _("Recherches sans résultat")
    list_display = ["query", "normalised_query", "count", "last_searched_at"]
    ordering = ["-count", "-last_searched_at"]
    search_fields = ["query", "normalised_query"]
    add_to_admin_menu = False


register_snippet(GlossarySearchMissViewSet)


@hooks.register(CONCERNED_PAGES_HOOK)
def pages_showing_glossary_content(instance):
    """Besides an entry's ancestors (the index, the home page): its letter's page and the entries associated with it,
    which show its term and definition; for an offer, the entries that feature it under their article."""
    if isinstance(instance, GlossaryEntryPage):
        index_page = GlossaryIndexPage.objects.parent_of(instance).first()
        letter_page = (
            site_relative_url(index_page.url_path, Site.get_site_root_paths())
            + index_page.reverse_subpage("letter", args=[instance.letter.lower()])
            if index_page
            else None
        )
        chosen = [link.related_id for link in instance.related_entry_links.all() if link.related_id]
        associated = GlossaryEntryPage.objects.live().filter(
            Q(pk__in=chosen) | Q(related_entry_links__related=instance.pk)
        )
        return [
            *([letter_page] if letter_page else []),
            *associated.exclude(pk=instance.pk).only("url_path").distinct(),
        ]
    if isinstance(instance, ServicePage):
        return GlossaryEntryPage.objects.live().filter(service_links__service=instance.pk).only("url_path").distinct()
    return ()
