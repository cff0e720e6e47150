"""A request id per request: in the header, the log line and the error pages, never cached."""

import io
import logging
import re

from django.test import Client
from django.urls import path

import pytest

from masthead.core import requestlog
from masthead.core.requestlog import RequestIdApplication
from masthead.pagecache.wsgi import PageCacheApplication

HEX_ID = re.compile(r"[0-9a-f]{32}")


def test_a_miss_and_a_hit_each_carry_their_own_id(client, home):
    miss = client.get("/")
    hit = client.get("/")
    assert (miss["X-Masthead-Cache"], hit["X-Masthead-Cache"]) == ("miss", "hit")
    assert HEX_ID.fullmatch(miss["X-Request-ID"])
    assert HEX_ID.fullmatch(hit["X-Request-ID"])
    assert miss["X-Request-ID"] != hit["X-Request-ID"]


def test_the_wsgi_hit_path_carries_the_id_of_its_own_request(client, home):
    assert client.get("/", HTTP_HOST="testserver")["X-Masthead-Cache"] == "miss"
    application = RequestIdApplication(PageCacheApplication(lambda environ, start: 1 / 0))
    answered = []
    environ = _environ("/")
    body = b"".join(
        application(environ, lambda status, headers, exc_info=None: answered.append(headers))
    )
    headers = dict(answered[0])
    assert headers["X-Masthead-Cache"] == "hit"
    assert b"<html" in body
    assert headers["X-Request-ID"] == environ["masthead.request_id"]
    assert [name for name, _ in answered[0]].count("X-Request-ID") == 1


def _environ(path: str) -> dict:
    return {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "HTTP_HOST": "testserver",
        "REMOTE_ADDR": "203.0.113.9",
        "wsgi.url_scheme": "http",
    }


def test_a_trusted_proxy_gives_the_id(client, home, settings):
    settings.MASTHEAD_TRUSTED_PROXIES = ["127.0.0.1"]
    response = client.get("/", HTTP_X_REQUEST_ID="nginx-42", REMOTE_ADDR="127.0.0.1")
    assert response["X-Request-ID"] == "nginx-42"


def test_anyone_else_gets_a_fresh_id(client, home, settings):
    settings.MASTHEAD_TRUSTED_PROXIES = ["127.0.0.1"]
    response = client.get("/", HTTP_X_REQUEST_ID="nginx-42", REMOTE_ADDR="203.0.113.9")
    assert HEX_ID.fullmatch(response["X-Request-ID"])


def test_a_trusted_proxy_cannot_write_junk_into_the_log(client, home, settings):
    settings.MASTHEAD_TRUSTED_PROXIES = ["127.0.0.1"]
    response = client.get("/", HTTP_X_REQUEST_ID="a b\nforged", REMOTE_ADDR="127.0.0.1")
    assert HEX_ID.fullmatch(response["X-Request-ID"])


def test_one_log_line_per_request(client, home, caplog):
    with caplog.at_level(logging.INFO, logger="masthead.request"):
        response = client.get("/?x=1")
    [record] = [r for r in caplog.records if r.name == "masthead.request"]
    assert (record.method, record.path, record.status) == ("GET", "/", 200)
    assert record.request_id == response["X-Request-ID"]
    assert 0 <= record.duration_ms < 10_000
    assert response["X-Request-ID"] in record.getMessage()


def test_the_404_page_shows_the_reference(client, home):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert f"Reference: {response['X-Request-ID']}" in response.content.decode()


def failing_view(request):
    raise RuntimeError("boom")


urlpatterns = [path("boom/", failing_view)]


@pytest.mark.urls(__name__)
def test_the_500_page_shows_the_reference(db, caplog):
    client = Client(raise_request_exception=False)
    with caplog.at_level(logging.INFO, logger="masthead.request"):
        response = client.get("/boom/")
    assert response.status_code == 500
    assert f"Reference: {response['X-Request-ID']}" in response.content.decode()
    assert [r.status for r in caplog.records if r.name == "masthead.request"] == [500]


def test_outside_a_request_there_is_no_id():
    assert requestlog.current_request_id() == ""


def test_in_production_the_wrapper_and_the_middleware_log_once(home, caplog):
    """masthead/wsgi.py's stack: the wrapper does the work, the middleware stands aside."""
    from django.core.handlers.wsgi import WSGIHandler

    application = RequestIdApplication(PageCacheApplication(WSGIHandler()))
    environ = {**_environ("/"), "SERVER_NAME": "testserver", "SERVER_PORT": "80"}
    environ.update({"wsgi.input": io.BytesIO(), "wsgi.errors": None})
    answered = []
    with caplog.at_level(logging.INFO, logger="masthead.request"):
        application(environ, lambda status, headers, exc_info=None: answered.append(headers))
    names = [name for name, _ in answered[0]]
    assert names.count("X-Request-ID") == 1
    [record] = [r for r in caplog.records if r.name == "masthead.request"]
    assert record.request_id == dict(answered[0])["X-Request-ID"]
