"""The agency's service offers: the index page and one page per offer."""
