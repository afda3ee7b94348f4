"""The browser fixtures and hooks of the site's browser tests, shared with the glossary's."""

from agency_site.tests.browser.conftest import *  # noqa: F403
