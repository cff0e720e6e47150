"""What `make bench` needs from inside Masthead, run with the benchmark's settings:
the URLs to load, the SQL queries each page costs when rendered, the size of the data;
with --count-comments ID how many comments an article holds, and with --tokens ID N,
N comment-form tokens for it (one per post, minted as the token endpoint mints them).

Prints JSON; bench/run.py runs it as `python -m bench.queries` in a process of its own.
"""

import json
import os
import sys
import time

import django


def count_queries(client, url: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # the first request pays for start-up work
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return len(queries)


def pages() -> dict:
    from django.test import Client

    from masthead.comments.models import Comment
    from masthead.news.models import ArticlePage

    live = ArticlePage.objects.live()
    article = live.filter(slug="asean-us-dialogue-siem-reap-2025").first() or live.latest(
        "publication_date"
    )
    urls = {
        "article": article.url,
        "front page": "/",
        "section page": article.get_parent().url,
        "search 'talks'": "/search/?q=talks",
        "site RSS feed": "/feeds/site/all/rss.xml",
    }
    client = Client(HTTP_HOST="127.0.0.1")
    return {
        "article_id": article.pk,
        "urls": urls,
        "queries": {label: count_queries(client, url) for label, url in urls.items()},
        "size": f"{live.count()} articles, {Comment.objects.count()} comments",
    }


if __name__ == "__main__":
    os.environ["MASTHEAD_PAGE_CACHE"] = "off"  # count what a render costs
    django.setup()
    if sys.argv[1:2] == ["--tokens"]:
        from masthead.comments.moderation import form_token

        article_id, count = int(sys.argv[2]), int(sys.argv[3])
        issued = time.time() - 10  # past the time trap's minimum, as a reader who typed
        print("\n".join(form_token(article_id, f"bench-{n}", now=issued) for n in range(count)))
    elif sys.argv[1:2] == ["--count-comments"]:
        from masthead.comments.models import Comment

        print(json.dumps(Comment.objects.filter(article_id=int(sys.argv[2])).count()))
    else:
        print(json.dumps(pages()))
