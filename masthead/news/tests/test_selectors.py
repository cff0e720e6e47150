"""Reads behind the reader pages: what they leave out and what they keep in memory."""

from wagtail.models import PageViewRestriction

import pytest

from masthead.news import selectors
from masthead.news.tests.factories import ArticlePageFactory, SectionPageFactory

pytestmark = pytest.mark.django_db


def restrict(page) -> None:
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)


def test_an_article_in_a_section_behind_a_login_asks_readers_to_sign_in(home, client):
    members = SectionPageFactory(parent=home, title="Members", slug="members")
    article = ArticlePageFactory(parent=members, title="For members only")
    assert client.get(article.url).status_code == 200
    restrict(members)
    response = client.get(article.url)
    assert response.status_code == 302
    assert "For members only" not in response.content.decode()


def test_related_articles_leave_out_articles_behind_a_password(home, section):
    article = ArticlePageFactory(parent=section, title="Harbour talks", tags=["ports"])
    hidden_section = SectionPageFactory(parent=home, title="Members", slug="members")
    hidden = ArticlePageFactory(parent=hidden_section, title="Members' port", tags=["ports"])
    shown = ArticlePageFactory(parent=section, title="Ferry strike", tags=["ports"])
    tags = list(article.tags.all())
    related = [teaser.article.pk for teaser in selectors.related_articles(article, tags)]
    assert related == [shown.pk, hidden.pk]
    restrict(hidden_section)
    related = selectors.related_articles(article, tags)
    assert [(teaser.article.pk, teaser.section.pk) for teaser in related] == [
        (shown.pk, section.pk)
    ]


def test_a_section_published_after_the_menu_was_read_joins_it(home, section, settings):
    settings.MASTHEAD_PAGE_CACHE = True
    assert [s.pk for s in selectors.sections_in_menu()] == [section.pk]
    economy = SectionPageFactory(parent=home, title="Economy", slug="economy")
    assert [s.pk for s in selectors.sections_in_menu()] == [section.pk, economy.pk]
    economy.unpublish()
    assert [s.pk for s in selectors.sections_in_menu()] == [section.pk]


def test_an_article_takes_the_section_routing_read(section, client, django_assert_num_queries):
    article = ArticlePageFactory(parent=section)
    routed = section.route(None, [article.slug]).page
    with django_assert_num_queries(0):
        assert selectors.article_section(routed) == section
