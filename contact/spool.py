"""Leads kept on local disk while the database cannot be written, then stored exactly once when it is back."""

import fcntl
import json
import logging
import os
import tempfile
import uuid
from pathlib import Path

from django.conf import settings

logger = logging.getLogger(__name__)

SUFFIX = ".json"


def spool_directory():
    directory = Path(settings.CONTACT_SPOOL_DIR)
    directory.mkdir(parents=True, exist_ok=True)
    return directory


def write_to_spool(record):
    """Write one lead to its own file, atomically and durably: complete on disk, or absent. Returns its path."""
    directory = spool_directory()
    name = f"{record['received_at'].replace(':', '')}-{uuid.uuid4().hex}{SUFFIX}"
    descriptor, temporary = tempfile.mkstemp(dir=directory, prefix=".incoming-", suffix=".tmp")
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as file:
            json.dump(record, file, ensure_ascii=False)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, directory / name)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    # The rename itself must survive a power cut: sync the directory entry too.
    directory_descriptor = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(directory_descriptor)
    finally:
        os.close(directory_descriptor)
    return directory / name


def ingest_spool(store):
    """Hand each spooled lead to `store(record)`, then delete its file; returns how many were handed.

    A file is locked while it is handled and deleted only after `store` returned (its transaction
    committed), so two ingesting processes never store one twice; `store` must recognise a record it
    already stored (a crash between commit and delete), which the pipeline does by idempotency key.
    """
    handled = 0
    for path in sorted(spool_directory().glob(f"*{SUFFIX}")):
        try:
            file = path.open("r", encoding="utf-8")
        except FileNotFoundError:
            continue  # another process took it
        with file:
            try:
                fcntl.flock(file, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                continue
            if os.fstat(file.fileno()).st_nlink == 0:
                continue  # stored and deleted by another process while this one waited
            try:
                record = json.load(file)
            except ValueError:
                # Never lose it, never block the others: set aside for a person to read.
                logger.exception("Unreadable spooled lead %s, moved aside", path.name)
                path.rename(path.with_suffix(".unreadable"))
                continue
            store(record)
            path.unlink()
            handled += 1
    return handled
