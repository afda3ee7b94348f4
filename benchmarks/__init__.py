"""Benchmarks of the site: dev-only commands (`make bench`) that print figures; never installed in production."""
