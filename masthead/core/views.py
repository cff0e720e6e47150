"""Health probes for load balancers and orchestrators: cheap, never cached.

They declare no page-cache dependencies, so the page cache never keeps them, and say
`no-store` to every proxy in front.
"""

from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from . import health


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
