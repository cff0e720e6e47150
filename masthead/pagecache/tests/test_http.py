"""What readers, editors and proxies get from the cache, over HTTP and straight through WSGI."""

import gzip
from io import BytesIO

import pytest

from masthead.news.tests.factories import ArticlePageFactory

from .helpers import cached_text, wsgi_front

pytestmark = pytest.mark.django_db


@pytest.fixture
def article(section):
    return ArticlePageFactory(parent=section, title="Harbour talks")


class TestReaders:
    def test_the_second_reader_gets_the_stored_page(self, client, article):
        cached_text(client, article.url)

    def test_cached_pages_tell_proxies_how_long_to_keep_them(self, client, article, settings):
        response = client.get(article.url)
        assert (
            response["Cache-Control"] == "public, max-age=0, s-maxage=60, stale-while-revalidate=30"
        )
        assert response["ETag"] and response["Last-Modified"]

    def test_a_browser_revalidating_gets_304(self, client, article):
        etag = client.get(article.url)["ETag"]
        response = client.get(article.url, HTTP_IF_NONE_MATCH=etag)
        assert response.status_code == 304 and response.content == b""

    def test_each_interface_language_is_cached_apart(self, client, article):
        english = cached_text(client, article.url)
        french = cached_text(client, "/fr" + article.url)
        assert '<html lang="en"' in english and '<html lang="fr"' in french

    def test_pages_that_do_not_exist_are_not_kept(self, client, home):
        for _reader in range(2):
            response = client.get("/no-such-page/")
            assert (response.status_code, response["X-Masthead-Cache"]) == (404, "bypass")

    def test_query_strings_are_part_of_the_key(self, client, article):
        cached_text(client, "/world/")
        assert client.get("/world/?page=1")["X-Masthead-Cache"] == "miss"


class TestWhatIsNeverShared:
    def test_a_signed_in_editor_gets_a_fresh_page(self, client, article, django_user_model):
        cached_text(client, article.url)
        client.force_login(django_user_model.objects.create_superuser("ed", "ed@example.org", "x"))
        response = client.get(article.url)
        assert response.status_code == 200 and "X-Masthead-Cache" not in response

    def test_a_reader_with_a_message_waiting_gets_a_fresh_page(self, client, article):
        cached_text(client, article.url)
        client.cookies["messages"] = "pending"
        assert "X-Masthead-Cache" not in client.get(article.url)

    def test_the_comment_token_is_never_cached(self, client, article):
        response = client.get(f"/comments/{article.pk}/token/")
        assert response["Cache-Control"].startswith("private")
        assert client.get(f"/comments/{article.pk}/token/").json() != response.json()

    def test_admin_pages_are_never_cached(self, client, home):
        client.get("/admin/login/")
        assert client.get("/admin/login/")["X-Masthead-Cache"] == "bypass"

    def test_the_cache_can_be_switched_off(self, client, article, settings):
        settings.MASTHEAD_PAGE_CACHE = False
        client.get(article.url)
        assert "X-Masthead-Cache" not in client.get(article.url)


def wsgi_get(application, path: str, method: str = "GET", **headers):
    environ = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": "localhost",
        "SERVER_PORT": "80",
        "HTTP_HOST": "localhost",
        "wsgi.url_scheme": "http",
        "wsgi.input": BytesIO(),
        "wsgi.errors": BytesIO(),
        **headers,
    }
    started = {}

    def start_response(status, response_headers, exc_info=None):
        started["status"], started["headers"] = status, dict(response_headers)

    body = b"".join(application(environ, start_response))
    return started["status"], started["headers"], body


class TestTheWsgiFront:
    """Production's hit path answers before Django; it must give what Django gave."""

    @pytest.fixture
    def application(self):
        with wsgi_front() as application:
            yield application

    def test_a_hit_is_the_stored_response(self, application, article):
        status, headers, body = wsgi_get(application, article.url)
        assert status == "200 OK" and headers["X-Masthead-Cache"] == "miss"
        status, cached_headers, cached_body = wsgi_get(application, article.url)
        assert cached_headers["X-Masthead-Cache"] == "hit"
        assert cached_body == body
        assert cached_headers["Content-Type"] == headers["Content-Type"]
        assert cached_headers["ETag"] == headers["ETag"]

    def test_browsers_that_accept_gzip_get_the_page_compressed_once(self, application, article):
        _status, _headers, plain = wsgi_get(application, article.url)
        status, headers, body = wsgi_get(application, article.url, HTTP_ACCEPT_ENCODING="gzip, br")
        assert headers["X-Masthead-Cache"] == "hit" and headers["Content-Encoding"] == "gzip"
        assert gzip.decompress(body) == plain and len(body) < len(plain) / 2
        assert int(headers["Content-Length"]) == len(body)
        assert "Accept-Encoding" in headers["Vary"]

    def test_head_gets_the_headers_only(self, application, article):
        wsgi_get(application, article.url)
        status, headers, body = wsgi_get(application, article.url, method="HEAD")
        assert status == "200 OK" and body == b"" and int(headers["Content-Length"]) > 0

    def test_revalidation_gets_304(self, application, article):
        _status, headers, _body = wsgi_get(application, article.url)
        status, _headers, body = wsgi_get(
            application, article.url, HTTP_IF_NONE_MATCH=headers["ETag"]
        )
        assert status == "304 Not Modified" and body == b""

    def test_a_session_goes_past_the_cache(self, application, article):
        wsgi_get(application, article.url)
        _status, headers, _body = wsgi_get(application, article.url, HTTP_COOKIE="sessionid=abc")
        assert "X-Masthead-Cache" not in headers
