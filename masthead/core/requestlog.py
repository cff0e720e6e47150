"""A request id and one log line per request, on the page cache's hit path too.

The id is taken from `X-Request-ID` only when the request comes from a proxy listed in
MASTHEAD_TRUSTED_PROXIES (nginx then ties its access log to ours); anyone else could
write anything into our logs. It is sent back in `X-Request-ID` and shown on the error
pages, so a reader's "Reference: …" finds the log line.

Both classes sit outside the page cache: a stored page never carries the id of the
request that rendered it, and a hit gets the id of its own request. In production the
WSGI wrapper (masthead/wsgi.py) does the work and the middleware stands aside; under
any other server (runserver, the test client) the middleware does it.
"""

import logging
import re
import time
import uuid
from contextvars import ContextVar

from django.conf import settings
from django.http import HttpRequest, HttpResponse

logger = logging.getLogger("masthead.request")
HEADER = "X-Request-ID"
ENVIRON_KEY = "masthead.request_id"
# What a trusted proxy may hand us: nginx's $request_id (32 hex digits), a UUID, and the
# like; anything else is replaced, so the log never carries a stranger's text.
ACCEPTED = re.compile(r"[A-Za-z0-9._:-]{1,128}")

_current: ContextVar[str] = ContextVar("masthead_request_id", default="")


def current_request_id() -> str:
    """The id of the request this thread is answering ("" outside a request)."""
    return _current.get()


def request_id_for(environ: dict) -> str:
    offered = environ.get("HTTP_X_REQUEST_ID", "")
    trusted = environ.get("REMOTE_ADDR", "") in settings.MASTHEAD_TRUSTED_PROXIES
    if trusted and ACCEPTED.fullmatch(offered):
        return offered
    return uuid.uuid4().hex


def log_request(environ: dict, status: int, started: float, request_id: str) -> None:
    duration_ms = round((time.perf_counter() - started) * 1000, 1)
    method, path = environ.get("REQUEST_METHOD", ""), environ.get("PATH_INFO", "")
    logger.info(
        "%s %s %s %.1fms id=%s",
        method,
        path,
        status,
        duration_ms,
        request_id,
        extra={
            "method": method,
            "path": path,
            "status": status,
            "duration_ms": duration_ms,
            "request_id": request_id,
        },
    )


class RequestIdApplication:
    """The WSGI wrapper: outermost, around the page cache's hit path and Django."""

    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        started = time.perf_counter()
        request_id = environ[ENVIRON_KEY] = request_id_for(environ)
        token = _current.set(request_id)
        answered = []

        def start(status, headers, exc_info=None):
            answered.append(int(status.split(" ", 1)[0]))
            headers = [(name, value) for name, value in headers if name.lower() != "x-request-id"]
            return start_response(status, [*headers, (HEADER, request_id)], exc_info)

        try:
            return self.application(environ, start)
        finally:
            _current.reset(token)
            log_request(environ, answered[0] if answered else 500, started, request_id)


class RequestIdMiddleware:
    """The same under any other server; listed before the page cache middleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if ENVIRON_KEY in request.META:
            return self.get_response(request)  # The WSGI wrapper has it in hand.
        started = time.perf_counter()
        request_id = request.META[ENVIRON_KEY] = request_id_for(request.META)
        token = _current.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            _current.reset(token)
        response[HEADER] = request_id
        log_request(request.META, response.status_code, started, request_id)
        return response
