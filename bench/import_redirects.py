"""How fast an imported site answers its old addresses, and whether they slow its pages.

Run by `make bench-import` (bench/import_bench.py) in a throw-away site it has imported
into; it calls the WSGI application in-process (the page cache's hit path in front of
Django, as in production), so the figures are the application's own, without a network
or a server in front. It prints p50/p99 and requests/s for: a cached article (with the
import's redirects only, then with 10,000 more in the table), an old address answered by
a redirect (first request, then the following ones), and an unknown address (a 404).
"""

import logging
import os
import statistics
import sys
import time
from wsgiref.util import setup_testing_defaults

import django

REQUESTS = int(os.environ.get("BENCH_REDIRECT_REQUESTS", "2000"))
EXTRA_REDIRECTS = 10_000


def application():
    from django.core.wsgi import get_wsgi_application

    from masthead.core.requestlog import RequestIdApplication
    from masthead.pagecache.wsgi import PageCacheApplication

    return RequestIdApplication(PageCacheApplication(get_wsgi_application()))


def get(app, path: str) -> tuple[str, dict]:
    environ = {"PATH_INFO": path, "HTTP_HOST": "localhost", "SERVER_NAME": "localhost"}
    setup_testing_defaults(environ)
    answer = {}

    def start_response(status, headers, exc_info=None):
        answer["status"], answer["headers"] = status, dict(headers)

    body = app(environ, start_response)
    try:
        b"".join(body)
    finally:
        getattr(body, "close", lambda: None)()
    return answer["status"], answer["headers"]


def timed(app, paths: list[str]) -> list[float]:
    times = []
    for path in paths:
        start = time.perf_counter()
        get(app, path)
        times.append((time.perf_counter() - start) * 1000)
    return times


def line(label: str, times: list[float]) -> str:
    ordered = sorted(times)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    rate = len(times) / (sum(times) / 1000)
    return (
        f"  {label:<44} p50 {statistics.median(times):7.2f} ms  p99 {p99:7.2f} ms"
        f"  {rate:8.0f} req/s"
    )


def extra_redirects(article) -> None:
    from wagtail.contrib.redirects.models import Redirect

    Redirect.objects.bulk_create(
        Redirect(old_path=f"/archive/{number}", redirect_page=article, is_permanent=True)
        for number in range(EXTRA_REDIRECTS)
    )


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "masthead.settings.dev")
    django.setup()
    logging.disable(logging.WARNING)  # a line per request would drown the figures
    from wagtail.contrib.redirects.models import Redirect

    app = application()
    redirect = Redirect.objects.select_related("redirect_page").order_by("pk").first()
    article = redirect.redirect_page.specific
    status, headers = get(app, redirect.old_path + "/")
    if not status.startswith("301") or headers["Location"] != article.url:
        raise SystemExit(f"the old address {redirect.old_path} answered {status} {headers}")
    get(app, article.url)  # stored in the page cache
    imported = Redirect.objects.count()
    print(f"Redirects ({REQUESTS} requests each, in-process WSGI, page cache on):")
    print(
        line(f"cached article, {imported} imported redirects", timed(app, [article.url] * REQUESTS))
    )
    Redirect.objects.all().delete()
    get(app, article.url)
    print(line("cached article, 0 redirects", timed(app, [article.url] * REQUESTS)))
    extra_redirects(article)
    get(app, article.url)
    print(
        line(
            f"cached article, {EXTRA_REDIRECTS} others instead",
            timed(app, [article.url] * REQUESTS),
        )
    )
    old = [f"/archive/{number}/" for number in range(REQUESTS)]
    print(line("old address, first request (301)", timed(app, old)))
    print(line("old address, again (301)", timed(app, old)))
    missing = [f"/no/such/page-{number}/" for number in range(min(REQUESTS, 300))]
    print(line("unknown address (404)", timed(app, missing)))
    status, headers = get(app, "/archive/7/")
    print(f"  {status}, Location {headers['Location']}, cache: {headers.get('X-Masthead-Cache')}")


if __name__ == "__main__":
    sys.exit(main())
