"""Glossary of marketing terms: the index page and its entries."""
