"""Full-page cache for anonymous visits of public Wagtail pages, invalidated by a site-wide content version.

Every stored page carries the content version current when its rendering started. Any change that can
show on a public page (a page published, unpublished, moved or deleted, a site setting, an image, a
record of the project's apps) replaces the version (invalidation.py), so every page stored before it
becomes a miss on every process and every app server sharing the version (version.py). A stale page
cannot outlive a change; the price of an edit is one re-render of each page, once per version and
process however many visitors ask for it at the same moment (middleware.py).

Where things are kept:
- with REDIS_URL, the version and the pages live in Redis (shared by every app server); each process
  keeps a copy of the pages it served last and learns of a new version from Redis's announcements;
- without it (the embedded default), the version lives in the database cache table, read at most once a
  second by each process, and the pages only in each process's memory: a change made by any process on
  the same database is served by every worker within a second, and no page ever crosses the database.

A hit costs no I/O: a page this process holds is answered before Django even builds a request (wsgi.py);
otherwise the middleware runs before every other one but the health check and compression; both replay the
headers the other middlewares set when the page was stored. The cache is an accelerator, never a
dependency: when it cannot be read, pages are rendered without it.
"""
