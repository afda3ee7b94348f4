"""Reading an import: CSV rows, Markdown files with a front matter, a folder or a zip of them."""

import csv
import io
import re
import zipfile
import zlib
from dataclasses import asdict, dataclass
from pathlib import Path, PurePosixPath

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from agency_site.spreadsheets import restore_formula

FRONT_MATTER = re.compile(r"\A---\s*\n(.*?)\n---\s*(?:\n|\Z)", re.DOTALL)
# A zip of a Markdown folder is read in memory: past these it is junk or a zip bomb.
ARCHIVE_MAX_MEMBERS = 5000
ARCHIVE_MAX_BYTES = 20 * 1024 * 1024


@dataclass
class ImportRow:
    source: str
    line: int
    values: dict


def split_list(value):
    if isinstance(value, list):
        return [str(item).strip() for item in value if str(item).strip()]
    parts = re.split(r"\s*[|;\n]\s*", value or "")
    return [part.strip() for part in parts if part.strip()]


def read_csv(text, source="import.csv"):
    """Rows of a CSV export (comma or semicolon separated), numbered by their line in the file."""
    text = text.lstrip("\ufeff")
    header = text.split("\n", 1)[0]
    # French spreadsheets save with semicolons; csv.Sniffer would also guess quoting rules wrong from one line.
    delimiter = ";" if header.count(";") > header.count(",") else ","
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    record_end = 1
    for values in reader:
        # A quoted cell may span lines: a row is reported at the line where it starts.
        record_start, record_end = record_end + 1, reader.line_num
        cleaned = {key.strip(): restore_formula(value) for key, value in values.items() if key}
        yield ImportRow(source=source, line=record_start, values=cleaned)


def parse_front_matter(text):
    """(metadata, body) of a Markdown file with a simple YAML front matter: "key: value" and "- item" lists."""
    match = FRONT_MATTER.match(text)
    if match is None:
        raise ValueError(_("en-tête « --- » manquant"))
    metadata = {}
    current_list = None
    for raw_line in match.group(1).splitlines():
        if not raw_line.strip() or raw_line.lstrip().startswith("#"):
            continue
        if raw_line.lstrip().startswith("- ") and current_list is not None:
            metadata[current_list].append(unquote(raw_line.lstrip()[2:]))
            continue
        key, separator, value = raw_line.partition(":")
        if not separator:
            raise ValueError(_("ligne d’en-tête illisible : %(line)s") % {"line": raw_line.strip()})
        key, value = key.strip(), value.strip()
        if value.startswith("[") and value.endswith("]"):
            metadata[key] = [unquote(item) for item in value[1:-1].split(",") if item.strip()]
            current_list = None
        elif value == "":
            metadata[key] = []
            current_list = key
        else:
            metadata[key] = unquote(value)
            current_list = None
    return metadata, text[match.end() :]


def unquote(value):
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1]
    return value


def read_markdown_file(source, content):
    """The row of one Markdown entry file (bytes); an unreadable file becomes an error row."""
    try:
        metadata, body = parse_front_matter(content.decode("utf-8-sig"))
    except UnicodeDecodeError:
        return ImportRow(source=source, line=1, values={"__error__": _("fichier illisible : il n’est pas en UTF-8")})
    except ValueError as error:
        return ImportRow(source=source, line=1, values={"__error__": str(error)})
    metadata.setdefault("short_definition", metadata.pop("definition", ""))
    metadata.setdefault("slug", PurePosixPath(source).stem)
    return ImportRow(source=source, line=1, values={**metadata, "body": body.strip()})


def read_markdown_folder(folder):
    """One row per .md file of the folder and its subfolders, in path order, as the admin reads a zipped folder."""
    root = Path(folder)
    paths = (
        path
        for path in root.rglob("*.md")
        if path.is_file() and not any(part.startswith(".") for part in path.relative_to(root).parts)
    )
    for path in sorted(paths, key=lambda path: path.relative_to(root).as_posix()):
        yield read_markdown_file(path.relative_to(root).as_posix(), path.read_bytes())


class ArchiveError(ValueError):
    """A zip refused as a whole (corrupt, too many files, too big once unpacked); the reason is for editors."""


def is_markdown_member(member):
    parts = PurePosixPath(member.filename).parts
    hidden = any(part.startswith(".") or part == "__MACOSX" for part in parts)
    return not member.is_dir() and not hidden and member.filename.lower().endswith(".md")


def read_markdown_archive(file):
    """Rows of every .md file in a zip of a Markdown folder, at any depth, in path order, named by their path."""
    too_big = _("plus de %(size)d Mo une fois décompressée") % {"size": ARCHIVE_MAX_BYTES // 1024 // 1024}
    try:
        with zipfile.ZipFile(file) as archive:
            members = archive.infolist()
            if len(members) > ARCHIVE_MAX_MEMBERS:
                count = number_format(ARCHIVE_MAX_MEMBERS, force_grouping=True)
                raise ArchiveError(_("plus de %(count)s fichiers dans l’archive") % {"count": count})
            if sum(member.file_size for member in members) > ARCHIVE_MAX_BYTES:
                raise ArchiveError(too_big)
            rows = []
            budget = ARCHIVE_MAX_BYTES
            for member in sorted(filter(is_markdown_member, members), key=lambda member: member.filename):
                # Sizes in the archive's directory can lie: never unpack more than the budget left.
                with archive.open(member) as stream:
                    content = stream.read(budget + 1)
                budget -= len(content)
                if budget < 0:
                    raise ArchiveError(too_big)
                rows.append(read_markdown_file(member.filename, content))
    except ArchiveError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, OSError, EOFError, RuntimeError, ValueError) as error:
        # RuntimeError: an encrypted member; NotImplementedError (a RuntimeError): an unknown compression.
        raise ArchiveError(_("archive illisible ou corrompue")) from error
    if not rows:
        raise ArchiveError(_("aucun fichier .md dans l’archive"))
    return rows


def rows_as_json(rows):
    return [asdict(row) for row in rows]
