"""Reader pages rendered cold (no page cache exists yet), with queries per page, against a
static-file baseline through the same stack, measured in the same run.

`python -m bench.pages` measures the database already in MASTHEAD_DATA_DIR (for instance
one filled once by `masthead generate`), without making a throw-away one.
"""

from bench.harness import data_size, resident_memory_mb, timed

RENDERS = 60


def queries_for(client, url: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return len(queries)


def main() -> None:
    from django.conf import settings
    from django.test import Client

    from masthead.news.models import ArticlePage, SectionPage

    settings.ALLOWED_HOSTS = ["testserver"]
    client = Client()
    article = ArticlePage.objects.live().order_by("-publication_date").first()
    section = SectionPage.objects.get(slug="world")
    urls = {
        "front page": "/",
        "section page": section.url,
        "article page": article.url,
        "tag page": "/tags/asean/",
        "search 'talks'": "/search/?q=talks",
        "site RSS feed": "/feeds/site/all/rss.xml",
    }
    print(f"== Reader pages, cold, in-process ({data_size()})")
    baseline = timed(
        "baseline: static file through the stack",
        lambda: client.get("/static/favicon.svg"),
        RENDERS,
    )
    print(baseline.line())
    for label, url in urls.items():
        client.get(url)
        timing = timed(label, lambda url=url: client.get(url), RENDERS)
        print(
            f"{timing.line()}  {queries_for(client, url):>3} queries  {timing.p50 / baseline.p50:>6.0f}x baseline"
        )
    print(f"  peak resident memory of the benchmark process: {resident_memory_mb():.0f} MB")


if __name__ == "__main__":
    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "masthead.settings.dev")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ.setdefault("MASTHEAD_PAGE_CACHE", "off")  # cold renders, as in bench.run
    django.setup()
    main()
