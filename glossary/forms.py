"""Admin forms of the glossary: importing entries."""

import csv
import logging

from django import forms
from django.utils.translation import gettext_lazy as _

from .transfer.readers import ARCHIVE_MAX_BYTES, ArchiveError, read_csv, read_markdown_archive, read_markdown_file

FILE_MAX_BYTES = 5 * 1024 * 1024
# All the files of one import together: what is parsed in the request and kept on the record until it runs.
UPLOAD_MAX_BYTES = 20 * 1024 * 1024

logger = logging.getLogger(__name__)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        accept = ".csv,.md,.zip,text/csv,text/markdown,application/zip"
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": accept}))
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
            "Un fichier CSV (colonnes de l’export), des fichiers Markdown (un par entrée, avec en-tête) ou "
            "un dossier de fichiers Markdown compressé en .zip (5 000 fichiers et 20 Mo décompressés au plus)."
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
            if not upload.name.lower().endswith((".csv", ".md", ".zip")):
                raise forms.ValidationError(
                    _("« %(name)s » n’est ni un .csv, ni un .md, ni un .zip.") % {"name": upload.name}
                )
            limit = ARCHIVE_MAX_BYTES if upload.name.lower().endswith(".zip") else FILE_MAX_BYTES
            if upload.size > limit:
                raise forms.ValidationError(
                    _("« %(name)s » dépasse %(size)d Mo.") % {"name": upload.name, "size": limit // 1024 // 1024}
                )
        if sum(upload.size for upload in files) > UPLOAD_MAX_BYTES:
            raise forms.ValidationError(
                _("Ces fichiers dépassent %(size)d Mo à eux tous : importez-les en plusieurs fois.")
                % {"size": UPLOAD_MAX_BYTES // 1024 // 1024}
            )
        return files

    def clean(self):
        """Read the rows now, so a refused file is reported on the form and the import needs no upload later."""
        cleaned_data = super().clean()
        if "files" not in cleaned_data:
            return cleaned_data
        rows = []
        for upload in cleaned_data["files"]:
            name = upload.name.lower()
            try:
                if name.endswith(".zip"):
                    rows.extend(read_markdown_archive(upload))
                elif name.endswith(".csv"):
                    rows.extend(read_csv(upload.read().decode("utf-8-sig", errors="replace"), source=upload.name))
                else:
                    rows.append(read_markdown_file(upload.name, upload.read()))
            except ArchiveError as error:
                self.add_error(
                    "files",
                    _("« %(name)s » : %(reason)s ; rien n’a été importé.") % {"name": upload.name, "reason": error},
                )
                return cleaned_data
            except csv.Error as error:
                # Python's reason ("line contains NUL", "field larger than field limit") is English: kept in the log.
                logger.warning("Unreadable CSV %r in a glossary import: %s", upload.name, error)
                self.add_error(
                    "files",
                    _(
                        "« %(name)s » : CSV illisible (caractère nul ou cellule trop longue ?) ; "
                        "enregistrez-le de nouveau en CSV UTF-8 depuis le tableur. Rien n’a été importé."
                    )
                    % {"name": upload.name},
                )
                return cleaned_data
        if not rows:
            self.add_error("files", _("Ces fichiers ne contiennent aucune entrée à importer."))
            return cleaned_data
        cleaned_data["rows"] = rows
        return cleaned_data
