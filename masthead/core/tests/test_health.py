"""/healthz and /readyz: fast, never cached, and 503 naming what is unreachable."""

import threading
from unittest import mock

from django.db import OperationalError, connections

import pytest

from masthead.core import health

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def patient_checks(monkeypatch):
    """A loaded test machine can take longer than a second to open a connection: only
    the test of the timeout itself runs with it."""
    monkeypatch.setattr(health, "TIMEOUT_SECONDS", 30.0)


BROKEN_CACHE = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",
    }
}


def test_healthz_answers_without_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-store" in response["Cache-Control"]


def test_readyz_is_ready_when_both_answer(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "cache": "ok"}}
    assert "no-store" in response["Cache-Control"]


def test_readyz_is_never_kept_by_the_page_cache(client):
    client.get("/readyz")
    assert client.get("/readyz")["X-Masthead-Cache"] == "bypass"


def test_readyz_names_an_unreachable_cache(client, settings):
    settings.CACHES = BROKEN_CACHE
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "ok", "cache": "ConnectionError"}


def test_readyz_names_a_broken_database(client):
    def refuse(*args, **kwargs):
        raise OperationalError("connection refused")

    with mock.patch.object(type(connections["default"]), "create_cursor", refuse):
        response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["database"] == "OperationalError"


def test_a_hanging_check_answers_timeout_without_waiting_for_it(monkeypatch):
    released = threading.Event()
    monkeypatch.setitem(health.CHECKS, "database", lambda: None)
    monkeypatch.setitem(health.CHECKS, "cache", released.wait)
    try:
        checks = health.readiness(timeout=0.2)
        assert not released.is_set()
    finally:
        released.set()
    assert checks == {"database": "ok", "cache": "timeout"}


def test_health_is_outside_the_language_prefix(client, home):
    assert client.get("/fr/healthz/").status_code == 404
    assert client.get("/healthz").status_code == 200


def test_readyz_asks_redis_itself_not_the_cache_standing_in_for_it(client, settings, monkeypatch):
    from masthead.pagecache import versions
    from masthead.resilience import cache
    from masthead.resilience.breaker import Breaker

    breaker = Breaker("Redis", errors=cache.REDIS_DOWN)  # this test's own: none left open
    monkeypatch.setattr(cache, "redis_breaker", breaker)
    monkeypatch.setattr(versions, "redis_breaker", breaker)
    settings.CACHES = {
        "default": {
            "BACKEND": "masthead.resilience.cache.FallbackRedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        }
    }
    response = client.get("/readyz")
    assert response.status_code == 503
    # Redis's own refusal, or, with the page cache's versions on Redis too, the breaker
    # that refusal opened earlier in this request: never the in-memory stand-in's "ok".
    assert response.json()["checks"]["cache"] in {"ConnectionError", "Unavailable"}
