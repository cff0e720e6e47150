"""Wagtail's own pages and view restrictions: by default a change to one renders every page.

A page type no app claimed (the front page, a section) may show in the menu and the
breadcrumbs of every other page (masthead/pagecache/handlers.py).
"""

from wagtail.models import PageViewRestriction

import pytest
from bs4 import BeautifulSoup

from masthead.news.tests.factories import ArticlePageFactory

from .helpers import cached_text, publish_edit

pytestmark = pytest.mark.django_db


@pytest.fixture
def article(section):
    return ArticlePageFactory(parent=section, title="Harbour talks", tags=["ports"])


def test_a_page_put_behind_a_password_leaves_the_cache(client, article):
    assert "Harbour talks" in cached_text(client, article.url)
    PageViewRestriction.objects.create(
        page=article, restriction_type=PageViewRestriction.PASSWORD, password="s3cret"
    )
    response = client.get(article.url)
    assert response.get("X-Masthead-Cache") != "hit"
    assert "password" in response.content.decode().lower()


def test_a_renamed_section_shows_in_every_menu(client, article, section):
    cached_text(client, article.url)
    publish_edit(section, title="World news")
    page = BeautifulSoup(client.get(article.url).content, "html.parser")
    assert "World news" in page.get_text()
