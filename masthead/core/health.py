"""Readiness checks: can this process reach its database and its cache right now?

Each check runs in a thread of its own with a short timeout, so a paused server makes
/readyz answer 503 in about a second instead of hanging the probe. A check that hangs
keeps its thread until the server answers or the connection times out (the timeouts in
the database and cache settings); the probe has long answered by then.
"""

import threading
import uuid
from collections.abc import Callable

from django.core.cache import cache
from django.db import connection

from masthead.pagecache.http import enabled as page_cache_enabled
from masthead.pagecache.store import page_cache

TIMEOUT_SECONDS = 1.0


def database() -> None:
    """A trivial query on a connection opened and closed by the checking thread."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    finally:
        connection.close()


def cache_round_trip() -> None:
    """Django's cache keeps a value and gives it back; the page cache's versions answer.

    Redis is asked directly (`ping()`): its cache would otherwise answer from process
    memory during an outage. The versions go through their breaker, so this probe is
    also what tries Redis again when no reader does.
    """
    if page_cache_enabled():
        page_cache().versions.epoch()
    ping = getattr(cache, "ping", None)
    if ping is not None:
        ping()
        return
    key, token = f"masthead:readyz:{uuid.uuid4().hex}", uuid.uuid4().hex
    cache.set(key, token, timeout=10)
    if cache.get(key) != token:
        raise RuntimeError("the cache did not give back what it was given")
    cache.delete(key)


CHECKS: dict[str, Callable[[], None]] = {"database": database, "cache": cache_round_trip}


def run_with_timeout(check: Callable[[], None], seconds: float) -> str:
    """ "ok", "timeout", or the failure's class name (never its message: it may name hosts)."""
    outcome: list[str] = []

    def target() -> None:
        try:
            check()
            outcome.append("ok")
        except Exception as error:
            outcome.append(type(error).__name__)

    thread = threading.Thread(target=target, daemon=True, name="masthead-readyz")
    thread.start()
    thread.join(seconds)
    return outcome[0] if outcome else "timeout"


def readiness(timeout: float | None = None) -> dict[str, str]:
    seconds = TIMEOUT_SECONDS if timeout is None else timeout
    return {name: run_with_timeout(check, seconds) for name, check in CHECKS.items()}
