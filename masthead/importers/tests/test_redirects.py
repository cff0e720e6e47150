"""Old addresses: answered from the page cache after the first request, never in a page's way."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.contrib.redirects.models import Redirect

import pytest

from masthead.news.tests.factories import ArticlePageFactory


@pytest.fixture
def article(section):
    return ArticlePageFactory(parent=section, title="Bridge reopens", slug="bridge-reopens")


@pytest.fixture
def old_address(article):
    Redirect.objects.create(old_path="/2024/05/bridge", redirect_page=article, is_permanent=True)
    return "/2024/05/bridge/"


@pytest.mark.django_db
def test_a_permanent_redirect_is_kept_by_the_page_cache(client, article, old_address):
    first = client.get(old_address)
    assert first.status_code == 301 and first["Location"] == article.url
    assert first["X-Masthead-Cache"] == "miss"
    with CaptureQueriesContext(connection) as queries:
        second = client.get(old_address)
    assert second.status_code == 301 and second["Location"] == article.url
    assert second["X-Masthead-Cache"] == "hit" and len(queries) == 0


@pytest.mark.django_db
def test_an_edited_redirect_is_answered_afresh(client, section, article, old_address):
    client.get(old_address)
    other = ArticlePageFactory(parent=section, title="Ferry", slug="ferry")
    redirect = Redirect.objects.get(old_path="/2024/05/bridge")
    redirect.redirect_page = other
    redirect.save()
    assert client.get(old_address)["Location"] == other.url
    redirect.delete()
    assert client.get(old_address).status_code == 404


@pytest.mark.django_db
def test_a_temporary_redirect_is_not_kept(client, article):
    Redirect.objects.create(old_path="/soon", redirect_page=article, is_permanent=False)
    assert client.get("/soon/")["X-Masthead-Cache"] == "bypass"


@pytest.mark.django_db
def test_pages_never_read_the_redirects_table(client, article, old_address):
    Redirect.objects.bulk_create(
        Redirect(old_path=f"/archive/{number}", redirect_page=article) for number in range(500)
    )
    with CaptureQueriesContext(connection) as queries:
        assert client.get(article.url).status_code == 200
    assert not any("wagtailredirects" in query["sql"] for query in queries.captured_queries)
