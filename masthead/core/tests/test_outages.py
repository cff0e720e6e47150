"""The database or Redis down: a quick styled 503 with Retry-After, never a 500."""

import logging
import sys

from django.db import OperationalError
from django.test import RequestFactory

import psycopg
import pytest

from masthead.core import outages, views
from masthead.core.tests import outage_urls
from masthead.resilience.breaker import Breaker

pytestmark = [pytest.mark.urls("masthead.core.tests.outage_urls"), pytest.mark.django_db]


class Clock:
    now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture(autouse=True)
def breaker(monkeypatch, settings, clock):
    settings.MASTHEAD_OUTAGE_RETRY_SECONDS = 5
    fresh = Breaker("The database", errors=outages.DATABASE_ERRORS, clock=clock)
    monkeypatch.setattr(outages, "database_breaker", fresh)
    outage_urls.calls.clear()
    return fresh


def test_an_unreachable_database_answers_the_styled_503_with_retry_after(client):
    response = client.get("/unreachable/")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert response["Cache-Control"] == "no-store"
    page = response.content.decode()
    assert "Temporarily unavailable" in page
    assert "/static/css/masthead.css" in page
    assert f"Reference: {response['X-Request-ID']}" in page


def test_django_logs_no_line_per_503(client, caplog):
    client.get("/unreachable/")
    client.get("/fine/")
    assert "Service Unavailable" not in caplog.text


def test_scripts_get_the_message_as_json(client):
    response = client.post("/unreachable/", HTTP_ACCEPT="application/json")
    assert response.status_code == 503
    assert response.json() == {
        "ok": False,
        "message": "Nothing was saved: the site cannot store it right now. "
        "Please send it again in a minute.",
    }


def test_while_the_breaker_is_open_requests_are_answered_without_trying(client, breaker, clock):
    client.get("/unreachable/")
    assert breaker.is_open
    assert client.get("/fine/").status_code == 503
    assert outage_urls.calls == []
    clock.now += 5  # the next request tries a connection: the test database answers
    assert client.get("/fine/").status_code == 200
    assert not breaker.is_open
    assert outage_urls.calls == ["/fine/"]


def test_the_outage_is_logged_once_when_it_starts_and_once_when_it_ends(client, clock, caplog):
    caplog.set_level(logging.INFO, logger="masthead.resilience.breaker")
    client.get("/unreachable/")
    for _ in range(5):
        client.get("/fine/")
        clock.now += 1
    client.get("/fine/")
    messages = [
        record.getMessage() for record in caplog.records if record.name != "masthead.request"
    ]
    assert len(messages) == 2
    assert messages[0].startswith("The database is unavailable (OperationalError")
    assert messages[1] == "The database is back after 5 s; 5 calls went without it meanwhile"


@pytest.mark.parametrize("path", ["/slow/", "/locked/"])
def test_a_failed_statement_answers_503_but_is_no_outage(client, breaker, path, caplog):
    response = client.get(path)
    assert response.status_code == 503
    assert not breaker.is_open
    assert client.get("/fine/").status_code == 200
    assert "A database statement failed" in caplog.text


def test_redis_being_down_where_it_is_needed_answers_503_with_its_retry_after(client):
    response = client.get("/redis-down/")
    assert response.status_code == 503
    assert response["Retry-After"] == "3"


def test_an_outage_met_outside_a_view_answers_503_not_500(breaker):
    request = RequestFactory().get("/")
    try:
        raise OperationalError("gone") from psycopg.OperationalError("gone")
    except OperationalError:
        assert sys.exc_info()[1] is not None
        response = views.server_error(request)
    assert response.status_code == 503
    assert breaker.is_open


def test_any_other_error_still_answers_500():
    request = RequestFactory().get("/")
    try:
        raise ValueError("a bug")
    except ValueError:
        response = views.server_error(request)
    assert response.status_code == 500


def test_the_web_server_caps_each_statement_on_postgresql(settings):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("a PostgreSQL setting")
    settings.MASTHEAD_DATABASE_STATEMENT_TIMEOUT = 2.5
    outages.limit_statements(sender=None, connection=connection)
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone()[0] == "2500ms"
