"""The miss path: render through Django, then keep what any anonymous reader may be shown."""

import gzip
import hashlib
import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager

from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date, parse_http_date_safe

from masthead.resilience.breaker import Unavailable

from .dependencies import declared_tags
from .http import cache_control, cacheable_request, enabled, request_key
from .store import Entry, Representation, page_cache
from .versions import slots_of

logger = logging.getLogger(__name__)
HEADER = "X-Masthead-Cache"


def cacheable_response(request: HttpRequest, response: HttpResponse) -> bool:
    """A complete 200 (or a permanent redirect, importers/redirects.py) that sets no
    cookie and declared what it was built from."""
    return (
        response.status_code in (200, 301)
        and not response.streaming
        and not response.cookies
        and bool(declared_tags(request))
        and "private" not in response.get("Cache-Control", "")
        and "no-store" not in response.get("Cache-Control", "")
    )


COMPRESSIBLE = ("text/", "application/xml", "application/rss+xml", "application/atom+xml")
# Headers set afresh for each stored representation.
PER_REPRESENTATION = {"content-length", "content-encoding", "etag", "vary", HEADER.lower()}


def representations(
    response: HttpResponse, base: list[tuple[str, str]]
) -> tuple[Representation, Representation | None]:
    etag = response["ETag"]
    vary = ", ".join(filter(None, [response.get("Vary"), "Accept-Encoding"]))
    body = response.content

    def representation(payload: bytes, etag: str, *extra) -> Representation:
        headers = [*base, *extra, ("Content-Length", str(len(payload))), ("ETag", etag)]
        return Representation([*headers, ("Vary", vary), (HEADER, "hit")], payload, etag)

    plain = representation(body, etag)
    if not response.get("Content-Type", "").startswith(COMPRESSIBLE) or len(body) < 512:
        return plain, None
    # mtime=0: the same page always compresses to the same bytes.
    gzipped = gzip.compress(body, compresslevel=6, mtime=0)
    return plain, representation(gzipped, etag[:-1] + '-gzip"', ("Content-Encoding", "gzip"))


def entry_for(response: HttpResponse, request: HttpRequest, rendered_epoch: int) -> Entry:
    base = [
        (name, value) for name, value in response.items() if name.lower() not in PER_REPRESENTATION
    ]
    plain, gzipped = representations(response, base)
    return Entry(
        status=f"{response.status_code} {response.reason_phrase}",
        plain=plain,
        gzipped=gzipped,
        last_modified=response["Last-Modified"],
        slots=slots_of(declared_tags(request)),
        rendered_epoch=rendered_epoch,
    )


def add_validators(response: HttpResponse) -> None:
    if not response.has_header("ETag"):
        digest = hashlib.blake2b(response.content, digest_size=12).hexdigest()
        response["ETag"] = f'"{digest}"'
    if not response.has_header("Last-Modified"):
        response["Last-Modified"] = http_date()
    response["Cache-Control"] = cache_control()


def response_from(entry: Entry, request: HttpRequest, state: str = "hit") -> HttpResponse:
    chosen = entry.representation(request.headers.get("Accept-Encoding", ""))
    status, reason = entry.status.split(" ", 1)
    response = HttpResponse(chosen.body, status=int(status), reason=reason)
    for name, value in chosen.headers:
        response[name] = value
    response[HEADER] = state
    return response


class RenderQueue:
    """One render per page at a time in a process; the readers who ask meanwhile wait.

    Without it, a page that expires under load is rendered by every request that arrives
    before the first render is stored: a front page during a rush, on every worker thread
    at once. A reader waits at most RENDER_WAIT seconds, then renders for themselves.
    """

    RENDER_WAIT = 10.0
    # Addresses whose last answer could not be cached (a form, a token, a 404) are not
    # queued for this long: their readers would only wait to render anyway.
    UNCACHEABLE_FOR = 60.0
    UNCACHEABLE_KEPT = 10_000

    def __init__(self):
        self._lock = threading.Lock()
        self._rendering: dict[str, threading.Event] = {}
        self._uncacheable: OrderedDict[str, float] = OrderedDict()

    def mark_uncacheable(self, key: str) -> None:
        with self._lock:
            self._uncacheable[key] = time.monotonic() + self.UNCACHEABLE_FOR
            self._uncacheable.move_to_end(key)
            while len(self._uncacheable) > self.UNCACHEABLE_KEPT:
                self._uncacheable.popitem(last=False)

    @contextmanager
    def turn(self, key: str) -> Iterator[bool]:
        """Yields whether this request waited for another's render of the same page."""
        with self._lock:
            if self._uncacheable.get(key, 0) > time.monotonic():
                running = None
                leader = None
            else:
                running = self._rendering.get(key)
                if running is None:
                    running = self._rendering[key] = threading.Event()
                    leader = True
                else:
                    leader = False
        if leader is None:
            yield False
            return
        if not leader:
            running.wait(self.RENDER_WAIT)
            yield True
            return
        try:
            yield False
        finally:
            with self._lock:
                del self._rendering[key]
            running.set()


class PageCacheMiddleware:
    """The outermost middleware: answers hits and stores cacheable anonymous responses.

    In production wsgi.py answers hits before Django starts; this serves them under any
    other server (runserver, ASGI, the test client). Being outermost, it stores the
    response with every header the other middleware added.

    The epoch is read before the view runs, so a change committed while the page was
    being built makes the stored copy stale at once (see versions.py).
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.renders = RenderQueue()

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not enabled() or not cacheable_request(request.META):
            return self.get_response(request)
        key = request_key(request.META)
        cache = page_cache()
        try:
            entry = cache.lookup(key)
        except Exception:
            logger.exception("Page cache unavailable; rendering without it")
            return self.get_response(request)
        if entry is not None:
            return self.conditional(request, response_from(entry, request))
        with self.renders.turn(key) as waited:
            try:
                entry = cache.lookup(key) if waited else None
                rendered_epoch = cache.versions.epoch()
            except Unavailable:  # its breaker logged the outage once
                return self.uncached(request)
            except Exception:
                logger.exception("Page cache unavailable; rendering without it")
                return self.get_response(request)
            if entry is not None:
                return self.conditional(request, response_from(entry, request, "shared"))
            return self.render(request, key, cache, rendered_epoch)

    def uncached(self, request: HttpRequest) -> HttpResponse:
        """Rendered for this reader alone: without versions a copy could never be checked."""
        response = self.get_response(request)
        response[HEADER] = "bypass"
        return response

    def render(self, request: HttpRequest, key: str, cache, rendered_epoch: int) -> HttpResponse:
        response = self.get_response(request)
        if not cacheable_response(request, response):
            self.renders.mark_uncacheable(key)
            response[HEADER] = "bypass"
            return response
        add_validators(response)
        entry = entry_for(response, request, rendered_epoch)
        try:
            cache.store(key, entry)
        except Exception:
            logger.exception("Page cache could not store %s", key)
        return self.conditional(request, response_from(entry, request, "miss"))

    @staticmethod
    def conditional(request: HttpRequest, response: HttpResponse) -> HttpResponse:
        return get_conditional_response(
            request,
            etag=response["ETag"],
            last_modified=parse_http_date_safe(response["Last-Modified"]),
            response=response,
        )
