"""The hit path: answer a cached page before Django builds a request object.

A hit costs a dictionary lookup and a read of the shared versions (a memory read, or one
Redis round trip); everything else (sessions, CSRF, URL resolution, templates, the
database) is skipped. Anything not cached, or not cacheable, goes on to Django unchanged.
"""

import logging

from .http import cache_control, cacheable_request, enabled, request_key
from .store import Entry, Representation, page_cache

logger = logging.getLogger(__name__)


def not_modified(entry: Entry, chosen: Representation, environ: dict) -> bool:
    if_none_match = environ.get("HTTP_IF_NONE_MATCH")
    if if_none_match is not None:
        return if_none_match.strip() == "*" or chosen.etag in if_none_match
    return environ.get("HTTP_IF_MODIFIED_SINCE") == entry.last_modified


class PageCacheApplication:
    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        entry = self.cached(environ)
        if entry is None:
            return self.application(environ, start_response)
        chosen = entry.representation(environ.get("HTTP_ACCEPT_ENCODING", ""))
        if not_modified(entry, chosen, environ):
            start_response(
                "304 Not Modified",
                [
                    ("ETag", chosen.etag),
                    ("Last-Modified", entry.last_modified),
                    ("Cache-Control", cache_control()),
                    ("Vary", "Accept-Encoding"),
                ],
            )
            return [b""]
        start_response(entry.status, chosen.headers)
        return [b""] if environ["REQUEST_METHOD"] == "HEAD" else [chosen.body]

    def cached(self, environ) -> Entry | None:
        if not enabled() or not cacheable_request(environ):
            return None
        try:
            return page_cache().lookup(request_key(environ))
        except Exception:
            # The cache being unreachable must not take the site down: render instead.
            logger.exception("Page cache lookup failed; rendering the page")
            return None
