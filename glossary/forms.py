"""Admin forms of the glossary: importing entries."""

from django import forms
from django.utils.translation import gettext_lazy as _


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".csv,.md,text/csv,text/markdown"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single_clean = super().clean
        if isinstance(data, list | tuple):
            return [single_clean(item, initial) for item in data]
        return [single_clean(data, initial)]


class GlossaryImportForm(forms.Form):
    files = MultipleFileField(
        label=_("Fichiers"),
        help_text=_(
            "Un fichier CSV (colonnes de l’export) ou plusieurs fichiers Markdown, un par entrée, avec en-tête."
        ),
    )
    dry_run = forms.BooleanField(
        label=_("Essai à blanc"),
        required=False,
        initial=True,
        help_text=_("Montre ce qui serait créé, mis à jour ou ignoré, sans rien enregistrer."),
    )

    def clean_files(self):
        files = self.cleaned_data["files"]
        for upload in files:
            if not upload.name.lower().endswith((".csv", ".md")):
                raise forms.ValidationError(_("« %(name)s » n’est ni un .csv ni un .md.") % {"name": upload.name})
            if upload.size > 5 * 1024 * 1024:
                raise forms.ValidationError(_("« %(name)s » dépasse 5 Mo.") % {"name": upload.name})
        return files
