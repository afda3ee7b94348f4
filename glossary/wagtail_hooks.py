"""Admin integration: the glossary tools menu (report, import, export) and the missed searches listing."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from . import views
from .models import GlossarySearchMiss


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
