from datetime import UTC, datetime

import pytest
from bs4 import BeautifulSoup

from masthead.news.models import ArticleAuthor
from masthead.news.tests.factories import ArticlePageFactory, AuthorFactory


def titles(client, url: str) -> list[str]:
    response = client.get(url)
    assert response.status_code == 200, url
    return [
        a.get_text()
        for a in BeautifulSoup(response.content, "html.parser").select(".teaser__title a")
    ]


def test_tag_page_lists_the_tagged_articles(section, client):
    ArticlePageFactory(parent=section, title="Tagged", tags=["asean"])
    ArticlePageFactory(parent=section, title="Not tagged")
    assert titles(client, "/tags/asean/") == ["Tagged"]


def test_author_page_shows_the_author_and_their_articles(section, client):
    author = AuthorFactory(
        name="Dara Sok", slug="dara-sok", role="Regional correspondent", bio="Covers diplomacy."
    )
    mine = ArticlePageFactory(parent=section, title="Mine")
    ArticleAuthor.objects.create(page=mine, author=author)
    ArticlePageFactory(parent=section, title="Someone else's")
    page = BeautifulSoup(client.get("/authors/dara-sok/").content, "html.parser")
    assert page.h1.get_text() == "Dara Sok"
    assert "Covers diplomacy." in page.get_text()
    assert titles(client, "/authors/dara-sok/") == ["Mine"]


def test_article_byline_links_to_the_author_page(section, client):
    author = AuthorFactory(slug="dara-sok")
    article = ArticlePageFactory(parent=section)
    ArticleAuthor.objects.create(page=article, author=author)
    page = BeautifulSoup(client.get(article.url).content, "html.parser")
    assert page.select_one("a.byline__author")["href"] == "/authors/dara-sok/"


def test_month_archive_lists_that_months_articles(section, client):
    ArticlePageFactory(
        parent=section, title="April story", publication_date=datetime(2025, 4, 22, 10, tzinfo=UTC)
    )
    ArticlePageFactory(
        parent=section, title="May story", publication_date=datetime(2025, 5, 2, 10, tzinfo=UTC)
    )
    assert titles(client, "/archive/2025/4/") == ["April story"]
    index = BeautifulSoup(client.get("/archive/").content, "html.parser")
    assert [a["href"] for a in index.select(".archive-months a")] == [
        "/archive/2025/5/",
        "/archive/2025/4/",
    ]


@pytest.mark.parametrize(
    "url", ["/tags/no-such-tag/", "/authors/nobody/", "/archive/2025/13/", "/archive/0/1/"]
)
def test_unknown_archives_are_404(home, client, url):
    assert client.get(url).status_code == 404


def test_archives_paginate(section, client):
    for _ in range(21):
        ArticlePageFactory(parent=section, tags=["busy"])
    assert len(titles(client, "/tags/busy/")) == 20
    assert len(titles(client, "/tags/busy/?page=2")) == 1


def test_related_articles_share_tags_first(section, home, client):
    from masthead.news.tests.factories import SectionPageFactory

    other = SectionPageFactory(parent=home, title="Economy", slug="economy")
    article = ArticlePageFactory(parent=section, title="Main", tags=["rice", "trade"])
    ArticlePageFactory(parent=other, title="Shares two tags", tags=["rice", "trade"])
    ArticlePageFactory(parent=other, title="Shares one tag", tags=["rice"])
    ArticlePageFactory(parent=section, title="Same section only")
    ArticlePageFactory(parent=other, title="Unrelated")
    page = BeautifulSoup(client.get(article.url).content, "html.parser")
    related = [a.get_text() for a in page.select(".related .teaser__title a")]
    assert related == ["Shares two tags", "Shares one tag", "Same section only"]


def test_front_page_has_a_block_per_section_and_hides_empty_lists(section, client):
    ArticlePageFactory(parent=section, title="World story")
    page = BeautifulSoup(client.get("/").content, "html.parser")
    assert page.select_one(".section-block h2").get_text() == "World"
    assert page.select_one("#most-discussed-title") is None
    assert page.select_one("#top-rated-title") is None


def test_front_page_lists_most_discussed_and_top_rated_once_readers_respond(section, client):
    from masthead.comments.models import Comment, Rating
    from masthead.comments.services import feedback_refresh

    quiet = ArticlePageFactory(parent=section, title="Quiet")
    busy = ArticlePageFactory(parent=section, title="Busy")
    for number in range(3):
        Comment.objects.create(
            article=busy,
            name="R",
            body="x",
            status=Comment.Status.APPROVED,
            reader_key=f"k{number}",
        )
        Rating.objects.create(article=busy, reader_key=f"k{number}", value=5)
    Comment.objects.create(
        article=quiet, name="R", body="x", status=Comment.Status.APPROVED, reader_key="q"
    )
    feedback_refresh([busy.pk, quiet.pk])
    page = BeautifulSoup(client.get("/").content, "html.parser")
    discussed = [a.get_text() for a in page.select("#most-discussed-title + ol a")]
    rated = [a.get_text() for a in page.select("#top-rated-title + ol a")]
    assert discussed == ["Busy", "Quiet"]
    assert rated == ["Busy"]
