"""The release id that keeps each deploy's cached pages apart: RELEASE, or a digest of the code."""

import os
from fnmatch import fnmatch
from hashlib import sha256
from pathlib import Path

from django.conf import settings

# What a release is made of: a deploy changing any of these never serves pages (and their headers) rendered
# by the previous code, and servers running the same code share their entries.
RELEASE_FILE_PATTERNS = ("*.py", "*.html", "*.txt", "*.mo")
RELEASE_SKIPPED_FOLDERS = {
    ".venv",
    "node_modules",
    "media",
    "staticfiles",
    ".git",
    ".pytest_cache",
    ".ruff_cache",
    "test-artifacts",
    "__pycache__",
}

_release = {}


def release_id():
    """RELEASE from the environment (a commit id set by the deploy), else a digest of the code, templates
    and static manifest; computed once per process."""
    if "id" not in _release:
        _release["id"] = settings.RELEASE or release_digest(Path(settings.BASE_DIR), Path(settings.STATIC_ROOT))
    return _release["id"]


def release_digest(base_dir, static_root=None):
    digest = sha256()
    files = []
    for folder, subfolders, names in os.walk(base_dir):
        # Pruned in place: the walk never enters the venv, node_modules or uploads.
        subfolders[:] = sorted(name for name in subfolders if name not in RELEASE_SKIPPED_FOLDERS)
        files += [Path(folder) / name for name in names if fnmatch_any(name, RELEASE_FILE_PATTERNS)]
    if static_root is not None and (static_root / "staticfiles.json").is_file():
        files.append(static_root / "staticfiles.json")
    for path in sorted(set(files)):
        digest.update(str(path.relative_to(base_dir) if path.is_relative_to(base_dir) else path.name).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def fnmatch_any(name, patterns):
    return any(fnmatch(name, pattern) for pattern in patterns)


def is_project_path(path):
    """True for a folder of this project's own code (not the venv, node_modules or uploads)."""
    path = Path(path).resolve()
    base_dir = Path(settings.BASE_DIR).resolve()
    if not path.is_relative_to(base_dir):
        return False
    return not RELEASE_SKIPPED_FOLDERS.intersection(path.relative_to(base_dir).parts)
