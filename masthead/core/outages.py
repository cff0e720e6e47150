"""Answering while the database or Redis is down: a quick 503 page, never a 500 or a hang.

Readers still get every page a process holds in its page cache (the hit path needs
neither). Anything else that needs the database answers the 503 page, with Retry-After,
at once: after a connection fails, this process stops trying for a few seconds (the
database's breaker) rather than make every reader wait for a connection timeout. Posts
say that nothing was saved. Redis being down only refuses writes that must tell the page
cache (a published comment, an edit): those raise `Unavailable`, answered the same way.

Each outage is logged once per process when it starts and once when it ends
(masthead/resilience/breaker.py), not on every request it costs.
"""

import logging

from django.conf import settings
from django.db import InterfaceError, OperationalError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from masthead.resilience.breaker import Breaker, Unavailable

logger = logging.getLogger(__name__)
DATABASE_ERRORS = (OperationalError, InterfaceError)
database_breaker = Breaker("The database", errors=DATABASE_ERRORS)
# PostgreSQL's SQLSTATEs for a server that is going away or not taking connections yet;
# class 08 is every connection exception.
SHUTTING_DOWN = {"57P01", "57P02", "57P03"}
# Paths that must say the truth about the database whatever the breaker thinks.
PROBES = ("/healthz", "/readyz")


def database_unreachable(error: BaseException) -> bool:
    """Whether a database error means the server cannot be reached (an outage), as
    opposed to one statement failing (a timeout, a lock): only PostgreSQL's driver says.

    psycopg's errors carry a SQLSTATE, None for failures on the client's side (refused,
    timed out, connection lost); SQLite's carry none.
    """
    if not hasattr(error.__cause__, "sqlstate"):
        return False
    sqlstate = error.__cause__.sqlstate
    return sqlstate is None or sqlstate.startswith("08") or sqlstate in SHUTTING_DOWN


def wants_json(request: HttpRequest) -> bool:
    return request.accepts("application/json") and not request.accepts("text/html")


def unavailable_response(request: HttpRequest, retry_after: float) -> HttpResponse:
    """503 with Retry-After: the page (no query, no site settings), or JSON for scripts."""
    seconds = max(int(retry_after + 0.999), 1)
    if request.method == "POST":
        message = _(
            "Nothing was saved: the site cannot store it right now. Please send it again in a minute."
        )
    else:
        message = _("The site cannot show this page right now. Please try again in a minute.")
    if wants_json(request):
        response = JsonResponse({"ok": False, "message": message}, status=503)
    else:
        body = render_to_string("503.html", {"message": message})
        response = HttpResponse(body, status=503)
    response["Retry-After"] = str(seconds)
    response["Cache-Control"] = "no-store"
    return response


def exception_response(request: HttpRequest, error: BaseException) -> HttpResponse | None:
    """The 503 for an outage's exception, telling the database's breaker; None otherwise."""
    if isinstance(error, Unavailable):
        return unavailable_response(request, error.retry_after)
    if not isinstance(error, DATABASE_ERRORS):
        return None
    if database_unreachable(error):
        database_breaker.failed(error)
    else:
        logger.error("A database statement failed: %s", error, exc_info=error)
    return unavailable_response(request, database_breaker.retry_after())


class OutageMiddleware:
    """While the database's breaker is open, answer 503 at once; once per interval, try a
    connection first, and go on if it opens. Turns outage exceptions into the 503 page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if database_breaker.is_open and not request.path.startswith(PROBES):
            if not database_breaker.allow():
                return unavailable_response(request, database_breaker.retry_after())
            try:
                connection.ensure_connection()
            except DATABASE_ERRORS as error:
                return exception_response(request, error)
            database_breaker.succeeded()
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception):
        return exception_response(request, exception)


def limit_statements(sender, connection, **kwargs) -> None:
    """Cap each statement of a web request (MASTHEAD_DATABASE_STATEMENT_TIMEOUT); only the
    production server connects this, so that commands (migrate, backups) run unlimited."""
    seconds = settings.MASTHEAD_DATABASE_STATEMENT_TIMEOUT
    if connection.vendor == "postgresql" and seconds > 0:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT set_config('statement_timeout', %s, false)", [str(int(seconds * 1000))]
            )


class WithoutOutages(logging.Filter):
    """Drops django.request's line for each 503: the breaker logs the outage once."""

    def filter(self, record: logging.LogRecord) -> bool:
        return getattr(record, "status_code", None) != 503
