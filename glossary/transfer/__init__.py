"""Entries in and out of the glossary, by stage: readers, markdown, upsert, job (admin imports), export."""
