"""The production set-up end to end: `masthead serve` with two workers, nginx's proxy cache
in front, and a publish visible through nginx within a second.

Runs on SQLite with the default cache, or on a throw-away PostgreSQL database and Redis
when DATABASE_URL and REDIS_URL are set (CI's `make test-postgres`).
"""

import gzip
import socket
import time
from urllib.parse import urlsplit

import pytest

from .stack import NGINX, fetch, fetch_bytes, production_stack

pytestmark = [
    pytest.mark.production,
    pytest.mark.skipif(
        not NGINX.exists(), reason="nginx is not installed: `make test` installs it"
    ),
]

ARTICLE = "/world/asean-us-dialogue-siem-reap-2025/"
PUBLISH = """
from masthead.news.models import ArticlePage
article = ArticlePage.objects.get(slug="asean-us-dialogue-siem-reap-2025")
article.title = "{title}"
article.save_revision().publish()
import time; print(time.time())
"""


@pytest.fixture(scope="module")
def stack():
    with production_stack(workers=2) as running:
        yield running


def test_serve_runs_two_worker_processes(stack):
    assert len(stack.worker_pids()) == 2


def test_nginx_serves_the_article_from_its_cache_on_the_second_request(stack):
    fetch(stack.nginx_url + ARTICLE)
    status, headers, body = fetch(stack.nginx_url + ARTICLE)
    assert status == 200
    assert headers["X-Masthead-Proxy-Cache"] == "HIT"
    assert "ASEAN" in body


@pytest.mark.parametrize("first", ["gzip", "plain"])
def test_readers_get_the_encoding_they_accept_whoever_filled_the_cache(stack, first):
    """nginx keeps a gzip copy and a plain one: a copy filled by one reader never goes to the other."""
    path = f"{ARTICLE}?filled-by={first}"
    accepts = {"gzip": {"Accept-Encoding": "gzip, deflate, br"}, "plain": {}}
    order = [first, "plain" if first == "gzip" else "gzip"]
    for encoding in order * 2:
        _status, headers, body = fetch_bytes(stack.nginx_url + path, accepts[encoding])
        if encoding == "gzip":
            assert headers.get("Content-Encoding") == "gzip"
            body = gzip.decompress(body)
        else:
            assert "Content-Encoding" not in headers
        assert b"ASEAN" in body
    assert headers["X-Masthead-Proxy-Cache"] == "HIT"


def test_a_reader_with_a_session_gets_a_page_of_their_own(stack):
    fetch(stack.nginx_url + ARTICLE)
    _status, headers, _body = fetch(stack.nginx_url + ARTICLE, {"Cookie": "sessionid=abc"})
    assert headers["X-Masthead-Proxy-Cache"] == "BYPASS"


def test_static_files_come_from_nginx_with_far_future_expiry(stack):
    _status, _headers, page = fetch(stack.nginx_url + ARTICLE)
    stylesheet = page.split('rel="stylesheet" href="', 1)[1].split('"', 1)[0]
    status, headers, _css = fetch(stack.nginx_url + stylesheet)
    assert status == 200
    assert headers["Server"].startswith("nginx")
    assert headers["Expires"].endswith("2037 23:55:55 GMT")


def test_a_publish_is_visible_through_nginx_within_a_second(stack):
    fetch(stack.nginx_url + ARTICLE)
    assert fetch(stack.nginx_url + ARTICLE)[1]["X-Masthead-Proxy-Cache"] == "HIT"
    title = f"Siem Reap talks, updated {time.time():.0f}"
    committed = float(stack.masthead("shell", "-c", PUBLISH.format(title=title)).stdout.split()[-1])
    while title not in fetch(stack.nginx_url + ARTICLE)[2]:
        assert time.time() - committed < 1.0, "the change was not visible within a second"
        time.sleep(0.05)


def test_idle_keep_alive_connections_never_keep_a_reader_waiting(stack):
    """Issue 12, finding 9: a connection held open between requests (nginx's upstream
    pool, a browser) took one of 8 places per worker for up to 30 s, and readers past
    them waited in the listen queue. 40 idle connections, then a page: answered."""
    address = urlsplit(stack.app_url)
    idle = [socket.create_connection((address.hostname, address.port)) for _ in range(40)]
    try:
        status, _headers, _body = fetch(stack.app_url + "/robots.txt")  # 10 s timeout
        assert status == 200
    finally:
        for connection in idle:
            connection.close()
