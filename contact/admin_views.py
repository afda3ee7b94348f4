"""The agency's tools for leads in the Wagtail admin: filters, CSV export, one-click actions, dashboard panel."""

import csv

import django_filters
from django.contrib import messages
from django.contrib.admin.utils import quote
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.components import Component
from wagtail.admin.views.mixins import Echo
from wagtail.models import Page
from wagtail.snippets.views.snippets import IndexView

from agency_site.spreadsheets import neutralise_formula

from .delivery import start_delivery
from .models import ContactSubmission

# The quarantined leads listed on the dashboard, newest first; the count gives the rest.
QUARANTINE_SHOWN = 10


class SubmissionFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        label=gettext_lazy("Statut"), choices=ContactSubmission.Status.choices, method="filter_status"
    )
    created_at = django_filters.DateFromToRangeFilter(label=gettext_lazy("Reçu le"), widget=DateRangePickerWidget)
    source_kind = django_filters.ChoiceFilter(
        label=gettext_lazy("Type de page d’origine"), choices=ContactSubmission.SourceKind.choices
    )
    source_page = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Page d’origine"),
        queryset=lambda request: Page.objects.filter(
            pk__in=ContactSubmission.objects.exclude(source_page=None).values("source_page")
        ).order_by("title"),
    )

    class Meta:
        model = ContactSubmission
        fields = ["status", "created_at", "source_kind", "source_page"]

    def filter_status(self, queryset, name, value):
        return queryset.with_status(value)


class SubmissionIndexView(IndexView):
    custom_value_preprocess = {
        **IndexView.custom_value_preprocess,
        str: {IndexView.FORMAT_CSV: neutralise_formula, IndexView.FORMAT_XLSX: neutralise_formula},
    }

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("source_page")

    def stream_csv(self, queryset):
        """Wagtail's CSV stream, every cell quoted (a French spreadsheet splits on semicolons, not commas)."""
        writer = csv.DictWriter(Echo(), fieldnames=self.list_export, quoting=csv.QUOTE_ALL)
        yield writer.writerow(
            {field: neutralise_formula(self.get_heading(queryset, field)) for field in self.list_export}
        )
        for item in queryset:
            yield self.write_csv_row(writer, self.to_row_dict(item))


def submission_action(request, pk, action):
    """One-click actions from a submission's detail view (POST with the admin's CSRF token)."""
    submission = get_object_or_404(ContactSubmission, pk=pk)
    if not request.user.has_perm("contact.change_contactsubmission"):
        raise PermissionDenied
    if action == "release":
        start_delivery([submission], release=True)
        messages.success(request, _("Demande libérée : les mails partent."))
        if request.POST.get("next") == reverse("wagtailadmin_home"):
            return redirect("wagtailadmin_home")
    elif action == "resend":
        if start_delivery([submission]):
            messages.success(request, _("Demande remise en envoi."))
        else:
            messages.warning(
                request, _("Cette demande est déjà envoyée ou en cours d’envoi : elle ne sera pas envoyée deux fois.")
            )
    elif action == "toggle_handled":
        set_handled([submission], not submission.handled)
        messages.success(
            request,
            _("Demande marquée « traitée ».") if not submission.handled else _("Demande marquée « à traiter »."),
        )
    return redirect(reverse("wagtailsnippets_contact_contactsubmission:inspect", args=[quote(submission.pk)]))


release_submission = require_POST(lambda request, pk: submission_action(request, pk, "release"))
resend_submission = require_POST(lambda request, pk: submission_action(request, pk, "resend"))
toggle_handled = require_POST(lambda request, pk: submission_action(request, pk, "toggle_handled"))


def set_handled(submissions, handled):
    ContactSubmission.objects.filter(pk__in=[s.pk for s in submissions]).update(
        handled=handled, handled_at=timezone.now() if handled else None
    )


class LeadsDashboardPanel(Component):
    """On the admin home: what needs the agency's attention, and which pages bring leads."""

    name = "contact_leads"
    template_name = "contact/admin/dashboard_panel.html"
    order = 50

    def get_context_data(self, parent_context):
        submissions = ContactSubmission.objects.all()
        awaiting = submissions.quarantined().filter(handled=False)
        return {
            # The panel's release buttons post from the dashboard: the component renders without the request.
            "csrf_token": get_token(parent_context["request"]),
            "awaiting_decision": awaiting.order_by("-created_at", "-pk")[:QUARANTINE_SHOWN],
            "unhandled_count": submissions.with_status(ContactSubmission.Status.NEW).count(),
            "failed_count": submissions.failed().count(),
            "quarantined_count": awaiting.count(),
            "by_source": submissions.filter(quarantined=False)
            .values("source_page", "source_title", "source_kind")
            .annotate(total=Count("pk"))
            .order_by("-total", "source_title")[:10],
            "index_url": reverse("wagtailsnippets_contact_contactsubmission:list"),
        }
