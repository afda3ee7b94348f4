"""The 50A agency site: settings, URLs and site-wide models."""
