"""Leads in the Wagtail admin: the « Demandes de contact » listing, detail, actions and dashboard panel."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail import hooks
from wagtail.admin.panels import FieldPanel
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from . import admin_views
from .delivery import start_delivery
from .models import ContactSubmission


class SubmissionPermissionPolicy(ModelPermissionPolicy):
    """Leads come from the site only: nobody creates one by hand."""

    def user_has_permission(self, user, action):
        return action != "add" and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


class ContactSubmissionViewSet(SnippetViewSet):
    model = ContactSubmission
    icon = "mail"
    menu_label = _("Demandes de contact")
    menu_order = 250
    add_to_admin_menu = True
    url_prefix = "demandes-de-contact"
    index_view_class = admin_views.SubmissionIndexView
    filterset_class = admin_views.SubmissionFilterSet
    search_fields = ["name", "company", "email", "message"]
    search_backend_name = None
    ordering = ["-created_at", "-pk"]
    list_per_page = 50
    copy_view_enabled = False
    inspect_view_enabled = True
    inspect_template_name = "contact/admin/inspect.html"
    list_display = [
        "name",
        "company",
        "email",
        Column("status", label=_("Statut"), accessor="get_status_display"),
        "source_title",
        DateColumn("created_at", label=_("Reçu le")),
    ]
    list_export = [
        "created_at",
        "name",
        "company",
        "email",
        "phone",
        "message",
        "source_title",
        "source_url",
        "get_status_display",
        "delivery_error",
    ]
    export_headings = {"get_status_display": _("Statut")}
    export_filename = "demandes-de-contact"
    inspect_view_fields = [
        "created_at",
        "name",
        "company",
        "email",
        "phone",
        "message",
        "source_title",
        "source_url",
        "source_kind",
        "privacy_notice",
        "handled",
        "handled_at",
        "quarantined",
        "spam_reason",
        "delivery_status",
        "sent_at",
        "acknowledged_at",
        "next_attempt_at",
        "delivery_error",
    ]
    # The edit form is the « traité » toggle: what the prospect sent is never rewritten.
    panels = [FieldPanel("handled")]


register_permission_policy(ContactSubmission, SubmissionPermissionPolicy(ContactSubmission))
register_snippet(ContactSubmissionViewSet)


@hooks.register("register_admin_urls")
def register_submission_action_urls():
    return [
        path("demandes-de-contact/<int:pk>/liberer/", admin_views.release_submission, name="contact_release"),
        path("demandes-de-contact/<int:pk>/renvoyer/", admin_views.resend_submission, name="contact_resend"),
        path("demandes-de-contact/<int:pk>/traite/", admin_views.toggle_handled, name="contact_toggle_handled"),
    ]


@hooks.register("construct_homepage_panels")
def add_leads_panel(request, panels):
    if request.user.has_perm("contact.view_contactsubmission"):
        panels.append(admin_views.LeadsDashboardPanel())


class SubmissionBulkAction(SnippetBulkAction):
    """A bulk action on leads; subclasses say what `apply` does and how to report it."""

    models = [ContactSubmission]
    template_name = "contact/admin/confirm_bulk_action.html"
    success_singular = ""
    success_plural = ""

    def check_perm(self, obj):
        return self.request.user.has_perm("contact.change_contactsubmission")

    @classmethod
    def apply(cls, objects):
        raise NotImplementedError

    @classmethod
    def execute_action(cls, objects, **kwargs):
        return cls.apply(objects), 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        return ngettext(self.success_singular, self.success_plural, num_parent_objects) % {"count": num_parent_objects}


@hooks.register("register_bulk_action")
class MarkHandledBulkAction(SubmissionBulkAction):
    display_name = _("Marquer comme traité")
    action_type = "mark_handled"
    aria_label = _("Marquer les demandes choisies comme traitées")
    action_priority = 10
    success_singular = "%(count)d demande marquée comme traitée."
    success_plural = "%(count)d demandes marquées comme traitées."

    @classmethod
    def apply(cls, objects):
        admin_views.set_handled(objects, True)
        return len(objects)


@hooks.register("register_bulk_action")
class ReleaseBulkAction(SubmissionBulkAction):
    display_name = _("Libérer et envoyer")
    action_type = "release"
    aria_label = _("Sortir de quarantaine et envoyer les demandes choisies")
    action_priority = 20
    success_singular = "%(count)d demande libérée et envoyée."
    success_plural = "%(count)d demandes libérées et envoyées."

    @classmethod
    def apply(cls, objects):
        return len(start_delivery(objects, release=True))


@hooks.register("register_bulk_action")
class ResendBulkAction(SubmissionBulkAction):
    display_name = _("Renvoyer")
    action_type = "resend"
    aria_label = _("Renvoyer les demandes choisies qui n’ont pas été envoyées")
    action_priority = 30
    success_singular = "%(count)d demande remise en envoi."
    success_plural = "%(count)d demandes remises en envoi."

    @classmethod
    def apply(cls, objects):
        return len(start_delivery(objects))
