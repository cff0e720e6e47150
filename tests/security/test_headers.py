"""Content-Security-Policy and Permissions-Policy on every response (issue 12, item 6),
including the pages the page cache answers without running Django's middleware."""

import pytest

from masthead.news.tests.factories import ArticlePageFactory
from masthead.pagecache.tests.helpers import wsgi_front
from masthead.pagecache.tests.test_http import wsgi_get


def directives(header: str) -> dict[str, list[str]]:
    parts = (part.split() for part in header.split(";") if part.strip())
    return {name: values for name, *values in parts}


@pytest.fixture
def article(section):
    return ArticlePageFactory(parent=section, title="Talks end in Siem Reap", slug="talks")


def assert_reader_policy(header: str) -> None:
    policy = directives(header)
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"] and policy["style-src"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"] and policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"] and policy["form-action"] == ["'self'"]
    assert "unsafe-inline" not in header and "unsafe-eval" not in header


def assert_features_off(header: str) -> None:
    for feature in ("camera", "microphone", "geolocation", "browsing-topics", "interest-cohort"):
        assert f"{feature}=()" in header


@pytest.mark.django_db
class TestReaderPages:
    @pytest.mark.parametrize("path", ["/", "/world/", "/search/?q=talks", "/archive/", "/nowhere/"])
    def test_every_reader_page_has_the_strict_policy(self, article, client, path):
        response = client.get(path)
        assert_reader_policy(response["Content-Security-Policy"])
        assert_features_off(response["Permissions-Policy"])

    def test_the_token_and_a_refused_post_have_them_too(self, article, client):
        for response in (
            client.get(f"/comments/{article.pk}/token/"),
            client.post(f"/comments/{article.pk}/", {"body": ""}),
        ):
            assert_reader_policy(response["Content-Security-Policy"])
            assert_features_off(response["Permissions-Policy"])

    def test_a_cache_hit_through_django_carries_them(self, article, client):
        miss = client.get(article.url)
        hit = client.get(article.url)
        assert (miss["X-Masthead-Cache"], hit["X-Masthead-Cache"]) == ("miss", "hit")
        assert hit["Content-Security-Policy"] == miss["Content-Security-Policy"]
        assert_reader_policy(hit["Content-Security-Policy"])
        assert_features_off(hit["Permissions-Policy"])


@pytest.mark.django_db
class TestTheWsgiFront:
    @pytest.fixture
    def application(self):
        with wsgi_front() as application:
            yield application

    @pytest.mark.parametrize("encoding", ["", "gzip"])
    def test_a_hit_answered_before_django_carries_them(self, application, article, encoding):
        wsgi_get(application, article.url, HTTP_ACCEPT_ENCODING=encoding)
        _status, headers, _body = wsgi_get(application, article.url, HTTP_ACCEPT_ENCODING=encoding)
        assert headers["X-Masthead-Cache"] == "hit"
        assert_reader_policy(headers["Content-Security-Policy"])
        assert_features_off(headers["Permissions-Policy"])


@pytest.mark.django_db
class TestTheAdmin:
    def test_the_admin_has_its_own_policy(self, home, client):
        response = client.get("/admin/login/")
        policy = directives(response["Content-Security-Policy"])
        assert policy["script-src"] == ["'self'", "'unsafe-inline'"]
        assert policy["frame-ancestors"] == ["'self'"] and policy["object-src"] == ["'none'"]
        assert policy["form-action"] == ["'self'"]
        assert_features_off(response["Permissions-Policy"])

    def test_a_page_under_a_path_that_only_starts_like_admin_is_a_reader_page(self, home, client):
        assert_reader_policy(client.get("/administration/")["Content-Security-Policy"])
