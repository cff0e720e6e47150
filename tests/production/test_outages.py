"""Redis and the database going away under `masthead serve`, and coming back.

Readers get the pages the process holds, a fresh render when only Redis is gone, or
else a quick styled 503 with Retry-After: never a 500, never an answer that waits for
the outage to end. Posts that cannot be stored say so and store nothing. The site
recovers by itself, and each outage is logged once when it starts and once when it ends.

The stack has Redis of its own (redis-server on a free port, stopped and paused here) and
reaches its PostgreSQL database through a relay that can refuse or swallow connections.
One worker, so that "the pages the process holds" are the pages this test fetched.
"""

import json
import os
import re
import time
import urllib.parse
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from django.core import signing

import pytest

from masthead.comments.moderation import FORM_TOKEN_SALT

from .faults import REDIS_SERVER, RedisServer, TcpRelay
from .stack import Stack, fetch, production_stack, with_address

DATABASE_URL = os.environ.get("DATABASE_URL", "")
pytestmark = [
    pytest.mark.production,
    pytest.mark.skipif(
        not DATABASE_URL.startswith("postgres"), reason="outages are tried on PostgreSQL"
    ),
    pytest.mark.skipif(REDIS_SERVER is None, reason="redis-server is not installed"),
]

FRONT = "/"
ARTICLE = "/world/asean-us-dialogue-siem-reap-2025/"
CACHE = "X-Masthead-Cache"
# An answer later than this is a hang; every outage below lasts longer.
PATIENCE = 8
# A first render before any outage may encode the page's AVIF renditions: on a loaded
# two-core machine that alone can take longer than PATIENCE, and it is not under test.
FIRST_RENDER = 120
# Pages nobody fetched before an outage, `?outage=` a new value each time: the process
# has no copy of them.
UNCACHED = ["/world/", "/economy/", "/search/?q=asean", "/feeds/site/all/rss.xml"]


def uncached(outage: str) -> list[str]:
    return [f"{path}{'&' if '?' in path else '?'}outage={outage}" for path in UNCACHED]


@dataclass
class Outages:
    stack: Stack
    redis: RedisServer
    relay: TcpRelay
    log_seen: int = 0

    def get(self, path: str, patience: float = PATIENCE, **headers) -> tuple[int, dict, str]:
        status, message, body = fetch(self.stack.app_url + path, headers, timeout=patience)
        return status, {k.lower(): v for k, v in message.items()}, body

    def post(self, path: str, fields: dict) -> tuple[int, dict, str]:
        data = urllib.parse.urlencode(fields).encode()
        headers = {"Accept": "application/json"}
        status, message, body = fetch(
            self.stack.app_url + path, headers, timeout=PATIENCE, data=data
        )
        return status, {k.lower(): v for k, v in message.items()}, body

    def new_log(self) -> str:
        """What the server logged since the last call."""
        text = (self.stack.directory / "serve.log").read_text()
        new, self.log_seen = text[self.log_seen :], len(text)
        return new

    def query(self, sql: str) -> int:
        """One number from the database itself, past the relay."""
        import psycopg

        real = urlsplit(DATABASE_URL).netloc.rpartition("@")[2]
        with psycopg.connect(with_address(self.stack.env["DATABASE_URL"], real)) as connection:
            return connection.execute(sql).fetchone()[0]


def postgres_address() -> tuple[str, int]:
    parts = urlsplit(DATABASE_URL)
    return parts.hostname or "127.0.0.1", parts.port or 5432


@pytest.fixture(scope="module")
def outages(tmp_path_factory):
    redis = RedisServer(tmp_path_factory.mktemp("redis"))
    redis.start()
    relay = TcpRelay(postgres_address())
    env = {
        "REDIS_URL": redis.url,
        "LOG_LEVEL": "INFO",
        "MASTHEAD_OUTAGE_RETRY_SECONDS": "1",
        "MASTHEAD_DATABASE_CONNECT_TIMEOUT": "2",
    }
    try:
        with production_stack(
            workers=1, env=env, database_address=relay.address, nginx=False
        ) as stack:
            yield Outages(stack, redis, relay)
    finally:
        relay.close()
        redis.stop()


def warm(outages: Outages, *paths: str) -> None:
    for path in paths:
        outages.get(path, patience=FIRST_RENDER)
        assert outages.get(path)[1][CACHE.lower()] == "hit", path


def wait_for(condition, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "the site did not recover"
        time.sleep(0.25)


def article_id(outages: Outages) -> int:
    body = outages.get(ARTICLE)[2]
    return int(re.search(r'action="/comments/(\d+)/"', body).group(1))


def rating(outages: Outages, article: int, nonce: str) -> dict:
    token = signing.dumps(
        [article, int(time.time()) - 60, nonce],
        key=outages.stack.env["SECRET_KEY"],
        salt=FORM_TOKEN_SALT,
        compress=True,
    )
    return {"token": token, "rating": "4", "name": "", "email": "", "body": "", "website": ""}


def test_without_redis_readers_get_pages_and_a_rating_is_refused_whole(outages):
    article = article_id(outages)
    warm(outages, FRONT, ARTICLE)
    ratings = outages.query("SELECT count(*) FROM comments_rating")
    outages.new_log()
    outages.redis.stop()

    for path in (FRONT, ARTICLE):  # kept by the process: served as they were
        status, headers, _body = outages.get(path)
        assert (status, headers[CACHE.lower()]) == (200, "hit"), path
    for path in uncached("redis-down"):  # rendered from the database, kept nowhere
        status, headers, _body = outages.get(path)
        assert (status, headers.get(CACHE.lower())) == (200, "bypass"), path
    assert outages.get(f"/comments/{article}/token/")[0] == 200
    assert outages.get("/readyz")[0] == 503

    status, headers, body = outages.post(f"/comments/{article}/", rating(outages, article, "r1"))
    assert status == 503
    assert "nothing was stored" in json.loads(body)["message"]
    assert int(headers["retry-after"]) >= 1
    assert outages.query("SELECT count(*) FROM comments_rating") == ratings

    outages.redis.start()
    wait_for(lambda: outages.get(ARTICLE)[1][CACHE.lower()] in {"miss", "hit"})
    wait_for(lambda: outages.get("/readyz")[0] == 200)
    status, _headers, _body = outages.post(f"/comments/{article}/", rating(outages, article, "r2"))
    assert status == 201
    assert outages.query("SELECT count(*) FROM comments_rating") == ratings + 1
    log = outages.new_log()
    assert log.count("Redis is unavailable") == 1
    assert log.count("Redis is back") == 1
    assert "Traceback" not in log


def test_a_paused_redis_delays_no_answer_until_it_wakes(outages):
    warm(outages, FRONT)
    outages.new_log()
    outages.redis.pause(15_000)

    for path in (FRONT, ARTICLE, *uncached("redis-paused"), "/readyz"):
        status, _headers, _body = outages.get(path)  # within PATIENCE, or it raises
        assert status in {200, 503}, path
    assert outages.get(FRONT)[0] == 200
    assert outages.redis.is_paused(), "the answers came after the pause, not during it"

    wait_for(lambda: not outages.redis.is_paused())
    wait_for(lambda: outages.get("/readyz")[0] == 200)
    log = outages.new_log()
    assert log.count("Redis is unavailable") == 1
    assert log.count("Redis is back") == 1


@pytest.mark.parametrize("fault", ["swallow", "refuse"])
def test_without_the_database_readers_get_kept_pages_or_a_quick_styled_503(outages, fault):
    article = article_id(outages)
    warm(outages, FRONT)
    comments = outages.query("SELECT count(*) FROM comments_comment")
    outages.new_log()
    getattr(outages.relay, fault)()

    status, headers, _body = outages.get(FRONT)
    assert (status, headers[CACHE.lower()]) == (200, "hit")
    for path in uncached(f"database-{fault}"):
        status, headers, body = outages.get(path)
        assert status == 503, path
        assert int(headers["retry-after"]) >= 1
        assert "/static/css/masthead" in body  # the site's own look
        assert "Temporarily unavailable" in body
        assert f"Reference: {headers['x-request-id']}" in body
    fields = {**rating(outages, article, f"d-{fault}"), "body": "Posted during the outage."}
    status, headers, body = outages.post(f"/comments/{article}/", fields)
    assert status == 503
    assert "Nothing was saved" in json.loads(body)["message"]
    assert outages.get("/readyz")[0] == 503

    outages.relay.restore()
    wait_for(lambda: outages.get(f"{UNCACHED[0]}?outage=over-{fault}")[0] == 200)
    assert outages.query("SELECT count(*) FROM comments_comment") == comments
    log = outages.new_log()
    assert log.count("The database is unavailable") == 1
    assert log.count("The database is back") == 1
    assert "Internal Server Error" not in log
    assert "Service Unavailable" not in log  # Django's line per 503


def test_no_answer_was_a_server_error(outages):
    log = (outages.stack.directory / "serve.log").read_text()
    assert not re.search(r" 500 \d", log), "a request was answered 500"
    assert Path(outages.stack.directory / "serve.log").stat().st_size > 0
