"""The miss path: render through Django, then keep what any anonymous reader may be shown."""

import hashlib
import logging

from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date, parse_http_date_safe

from .dependencies import declared_tags
from .http import cache_control, cacheable_request, request_key
from .store import Entry, enabled, page_cache
from .versions import slots_of

logger = logging.getLogger(__name__)
HEADER = "X-Masthead-Cache"


def cacheable_response(request: HttpRequest, response: HttpResponse) -> bool:
    """A complete 200 that sets no cookie and declared what it was built from."""
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and bool(declared_tags(request))
        and "private" not in response.get("Cache-Control", "")
        and "no-store" not in response.get("Cache-Control", "")
    )


def entry_for(response: HttpResponse, request: HttpRequest, rendered_epoch: int) -> Entry:
    headers = [(name, value) for name, value in response.items() if name != HEADER]
    return Entry(
        status=f"{response.status_code} {response.reason_phrase}",
        headers=[*headers, (HEADER, "hit")],
        body=response.content,
        etag=response["ETag"],
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


def response_from(entry: Entry) -> HttpResponse:
    status, reason = entry.status.split(" ", 1)
    response = HttpResponse(entry.body, status=int(status), reason=reason)
    for name, value in entry.headers:
        response[name] = value
    return response


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

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not enabled() or not cacheable_request(request.META):
            return self.get_response(request)
        key = request_key(request.META)
        try:
            cache = page_cache()
            entry = cache.lookup(key)
            if entry is not None:
                return self.conditional(request, response_from(entry))
            rendered_epoch = cache.versions.epoch()
        except Exception:
            logger.exception("Page cache unavailable; rendering without it")
            return self.get_response(request)
        response = self.get_response(request)
        if not cacheable_response(request, response):
            response[HEADER] = "bypass"
            return response
        add_validators(response)
        try:
            cache.store(key, entry_for(response, request, rendered_epoch))
        except Exception:
            logger.exception("Page cache could not store %s", key)
        response[HEADER] = "miss"
        return self.conditional(request, response)

    @staticmethod
    def conditional(request: HttpRequest, response: HttpResponse) -> HttpResponse:
        return get_conditional_response(
            request,
            etag=response["ETag"],
            last_modified=parse_http_date_safe(response["Last-Modified"]),
            response=response,
        )
