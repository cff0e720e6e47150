"""Redis, behind a breaker: the Django cache backend and the client the page cache uses.

`FallbackRedisCache` is Django's Redis cache that, while Redis is unreachable, keeps
values in this process's memory instead of raising: comment budgets then count per
process, and nothing else notices. One breaker guards every use of Redis in a process
(this cache and the page cache's versions), so an outage is logged once.
"""

from typing import Any

from django.conf import settings
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache

import redis

from .breaker import Breaker

# Unreachable, refusing, paused or too slow (a timeout): what sends callers elsewhere.
# Anything else (a wrong type, a script error) is a bug and is raised as it is.
REDIS_DOWN = (redis.ConnectionError, redis.TimeoutError)
redis_breaker = Breaker("Redis", errors=REDIS_DOWN)


def connection_options() -> dict[str, Any]:
    """Timeouts for every Redis client (settings.MASTHEAD_REDIS_OPTIONS)."""
    return dict(getattr(settings, "MASTHEAD_REDIS_OPTIONS", {}))


def redis_client(url: str) -> redis.Redis:
    """A client with the configured timeouts; callers go through `redis_breaker`."""
    return redis.Redis.from_url(url, **connection_options())


class FallbackRedisCache(RedisCache):
    """Django's RedisCache, falling back to a per-process memory cache during an outage.

    Values written during an outage live in one process only and are not copied to Redis
    when it returns: a cache may lose what it holds, and these are all caches.
    """

    def __init__(self, server, params):
        super().__init__(server, params)
        self.fallback = LocMemCache(f"redis-fallback-{id(self)}", params)

    def either(self, method: str, *args, **kwargs):
        if redis_breaker.allow():
            try:
                result = getattr(super(), method)(*args, **kwargs)
            except REDIS_DOWN as error:
                redis_breaker.failed(error)
            else:
                redis_breaker.succeeded()
                return result
        return getattr(self.fallback, method)(*args, **kwargs)

    def ping(self) -> None:
        """Ask Redis itself, past the breaker and the fallback (the readiness probe)."""
        self._cache.get_client(write=True).ping()

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self.either("add", key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self.either("get", key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self.either("set", key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self.either("touch", key, timeout, version)

    def delete(self, key, version=None):
        return self.either("delete", key, version)

    def get_many(self, keys, version=None):
        return self.either("get_many", keys, version)

    def has_key(self, key, version=None):
        return self.either("has_key", key, version)

    def incr(self, key, delta=1, version=None):
        return self.either("incr", key, delta, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self.either("set_many", data, timeout, version)

    def delete_many(self, keys, version=None):
        return self.either("delete_many", keys, version)

    def clear(self):
        return self.either("clear")
