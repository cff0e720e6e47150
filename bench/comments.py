"""Comment benchmark: posting at 16 concurrent posters on SQLite, and article renders with
0 and 500 comments, each against a baseline measured in the same run.

Requests go through Django's whole middleware stack in-process (the test client), so the
figures are the application's and the database's cost, without a network server; the CPU
time per post is the figure least moved by other work on the machine. `make bench` also
posts to `masthead serve` over HTTP (bench/run.py).
"""

import secrets
import threading
import time

from bench.harness import Timing, resident_memory_mb, timed

POSTERS = 16
POSTS_EACH = 40
RENDERS = 200


def post_comments(article, client_factory) -> tuple[Timing, int, float]:
    """16 threads posting at once: the timing, the posts refused, CPU milliseconds per post."""
    from masthead.comments.moderation import form_token

    samples: list[float] = []
    failures = []
    lock = threading.Lock()
    start = threading.Barrier(POSTERS)
    run = secrets.token_hex(4)  # a token's nonce is a submission's id: never reuse one

    def poster(worker: int) -> None:
        client = client_factory()
        start.wait()
        for number in range(POSTS_EACH):
            data = {
                "name": f"Reader {worker}",
                "body": f"Comment {worker}-{number} on the talks.",
                "rating": str(number % 5 + 1),
                "token": form_token(article.pk, f"{run}-{worker}-{number}", now=time.time() - 10),
            }
            begin = time.perf_counter()
            response = client.post(f"/comments/{article.pk}/", data)
            elapsed = time.perf_counter() - begin
            with lock:
                samples.append(elapsed)
                if response.status_code != 303:
                    failures.append(response.status_code)

    threads = [threading.Thread(target=poster, args=(n,)) for n in range(POSTERS)]
    began, cpu = time.perf_counter(), time.process_time()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    cpu_per_post = (time.process_time() - cpu) * 1000 / len(samples)
    timing = Timing(
        f"comment post, {POSTERS} concurrent posters", samples, time.perf_counter() - began
    )
    return timing, len(failures), cpu_per_post


def add_approved_comments(article, count: int) -> None:
    from masthead.comments.models import Comment
    from masthead.comments.services import feedback_refresh

    Comment.objects.bulk_create(
        Comment(
            article=article,
            name=f"Reader {n}",
            body="A considered reply. " * 8,
            rating=n % 5 + 1,
            status=Comment.Status.APPROVED,
            reader_key=f"bench:{n}",
        )
        for n in range(count)
    )
    feedback_refresh([article.pk])


def queries_for(client, url: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return len(queries)


def main() -> None:
    from django.conf import settings
    from django.test import Client, override_settings

    from masthead.comments.models import Comment
    from masthead.news.models import ArticlePage

    settings.MASTHEAD_COMMENT_LIMITS = {"per_reader": 10_000, "per_address": 10_000}
    settings.ALLOWED_HOSTS = ["testserver"]
    article = ArticlePage.objects.get(slug="asean-us-dialogue-siem-reap-2025")
    other = ArticlePage.objects.exclude(pk=article.pk).first()
    client = Client()
    url = article.url

    print("== Comments (SQLite in WAL mode, in-process through the full middleware stack)")
    baseline = timed(
        "baseline: static file through the stack",
        lambda: client.get("/static/favicon.svg"),
        RENDERS,
    )
    print(baseline.line())
    client.get(url)
    empty = timed("article page, 0 comments", lambda: client.get(url), RENDERS)
    empty_queries = queries_for(client, url)
    print(empty.line() + f"  {empty_queries} queries")
    add_approved_comments(article, 500)
    full = timed("article page, 500 comments (50 shown)", lambda: client.get(url), RENDERS)
    full_queries = queries_for(client, url)
    print(full.line() + f"  {full_queries} queries")
    print(
        f"  ratio p50 500 comments / 0 comments: {full.p50 / empty.p50:.2f}x; "
        f"article / static baseline: {empty.p50 / baseline.p50:.1f}x"
    )

    # A post is never answered by the page cache, but its versions say when the article
    # and the site settings a post reads (kept in memory) changed: on, as in production.
    with override_settings(MASTHEAD_PAGE_CACHE=True):
        posting, failures, cpu_per_post = post_comments(other, Client)
    print(posting.line())
    stored = Comment.objects.filter(article=other).count()
    print(
        f"  {stored} of {POSTERS * POSTS_EACH} posts stored, {failures} refused or failed; "
        f"{cpu_per_post:.1f} ms CPU per post (client included); "
        f"p99 / p50 {posting.percentile(0.99) / posting.p50:.1f}x; "
        f"post p50 / article render p50 {posting.p50 / empty.p50:.1f}x"
    )
    print(f"  peak resident memory of the benchmark process: {resident_memory_mb():.0f} MB")


if __name__ == "__main__":
    import shutil

    from bench.harness import setup_django

    data_dir = setup_django()  # a throw-away database with the demo site
    try:
        main()
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)
