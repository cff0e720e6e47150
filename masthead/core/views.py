"""Health probes for load balancers and orchestrators, and the server-error page.

The probes are cheap and never cached: they declare no page-cache dependencies, so the
page cache never keeps them, and say `no-store` to every proxy in front.
"""

import sys

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from . import health, outages


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    """The process is up and answering; touches neither the database nor the cache."""
    return JsonResponse({"status": "ok"})


@never_cache
@require_safe
def readyz(request: HttpRequest) -> JsonResponse:
    """200 when the database and the cache both answer in time, else 503 naming the failure."""
    checks = health.readiness()
    ready = all(outcome == "ok" for outcome in checks.values())
    body = {"status": "ok" if ready else "unavailable", "checks": checks}
    return JsonResponse(body, status=200 if ready else 503)


def server_error(request: HttpRequest) -> HttpResponse:
    """500.html, or the 503 page when the error was an outage (Django calls this while
    handling the exception, so it is still at hand)."""
    error = sys.exc_info()[1]
    response = outages.exception_response(request, error) if error is not None else None
    return response or defaults.server_error(request)
