"""Redis refusing connections: the cache goes on in memory, the page cache without versions."""

import logging

import pytest

from masthead.core import memo
from masthead.pagecache import versions as versions_module
from masthead.pagecache.store import Entry, LocalEntries, PageCache, Representation
from masthead.pagecache.versions import RedisVersions
from masthead.resilience import cache as cache_module
from masthead.resilience.breaker import Breaker, Unavailable
from masthead.resilience.cache import REDIS_DOWN, FallbackRedisCache

# Port 1 on the loopback: nothing listens, connections are refused at once.
REFUSING = "redis://127.0.0.1:1/0"
TIMEOUTS = {"socket_connect_timeout": 1, "socket_timeout": 1}


@pytest.fixture(autouse=True)
def fresh_breaker(monkeypatch, settings):
    """A breaker of this test's own, so that no other test finds it open."""
    settings.MASTHEAD_OUTAGE_RETRY_SECONDS = 60
    breaker = Breaker("Redis", errors=REDIS_DOWN)
    monkeypatch.setattr(cache_module, "redis_breaker", breaker)
    monkeypatch.setattr(versions_module, "redis_breaker", breaker)
    return breaker


def refusing_cache() -> FallbackRedisCache:
    return FallbackRedisCache(REFUSING, {"OPTIONS": TIMEOUTS, "KEY_PREFIX": "test"})


def test_the_cache_keeps_values_in_memory_while_redis_refuses(fresh_breaker):
    cache = refusing_cache()
    assert cache.get("missing", "default") == "default"
    cache.set("budget", 1)
    assert cache.incr("budget") == 2
    assert cache.add("budget", 9) is False
    assert cache.get_many(["budget"]) == {"budget": 2}
    assert fresh_breaker.is_open


def test_the_cache_logs_an_outage_once_however_many_calls_it_costs(caplog):
    caplog.set_level(logging.WARNING, logger="masthead.resilience.breaker")
    cache = refusing_cache()
    for number in range(20):
        cache.set(f"key-{number}", number)
        cache.get(f"key-{number}")
    assert len(caplog.records) == 1
    assert caplog.records[0].getMessage().startswith("Redis is unavailable (ConnectionError")


def test_ping_asks_redis_itself_past_the_fallback():
    import redis

    with pytest.raises(redis.ConnectionError):
        refusing_cache().ping()


def test_the_versions_say_unavailable_at_once_and_every_time():
    versions = RedisVersions(REFUSING)
    for call in (versions.epoch, lambda: versions.newest((1, 2)), lambda: versions.bump(["x"])):
        with pytest.raises(Unavailable):
            call()


def test_without_versions_a_page_the_process_holds_is_served_as_it_is():
    entry = Entry("200 OK", Representation([], b"page", '"e"'), None, "date", (1,), 5)
    pages = PageCache(RedisVersions(REFUSING), LocalEntries(1 << 20), shared=False)
    pages.local.put("front", entry)
    assert pages.lookup("front") is entry
    assert pages.lookup("elsewhere") is None


def test_without_versions_kept_values_are_loaded_afresh_every_time(monkeypatch):
    def unavailable(names):
        raise Unavailable("Redis", 5)

    monkeypatch.setattr(memo, "last_changed", unavailable)
    loads = []
    for _ in range(3):
        memo.site_wide("answer", lambda: loads.append(1) or len(loads))
    assert len(loads) == 3
