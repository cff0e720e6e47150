"""Reader search's own index follows what live articles say, and rebuilds from them."""

import re
from pathlib import Path

from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.search.models import IndexEntry

from bs4 import BeautifulSoup

from masthead.demo.generate import generate_content
from masthead.news.models import ArticleAuthor, ArticlePage
from masthead.news.search.index import index_articles, rebuild_index
from masthead.news.search.models import ArticleSearchText
from masthead.news.tests.factories import (
    ArticlePageFactory,
    AuthorFactory,
    SectionPageFactory,
)


def hits(client, **params) -> list[str]:
    response = client.get("/search/", params)
    assert response.status_code == 200
    page = BeautifulSoup(response.content, "html.parser")
    return [a.get_text() for a in page.select(".search-results .teaser__title a")]


def test_a_published_article_is_indexed_with_its_headline_body_bylines_and_tags(section):
    article = ArticlePageFactory(parent=section, title="Ferry fares rise", tags=["transport"])
    ArticleAuthor.objects.create(page=article, author=AuthorFactory(name="Dara Sok"))
    article.save_revision().publish()
    text = ArticleSearchText.objects.get(page=article)
    assert text.title == "Ferry fares rise"
    assert "A one-sentence summary" in text.body and "Dara Sok" in text.body
    assert "What there is to say about Background" in text.body
    assert text.tags == "transport"


def test_renaming_an_author_or_a_tag_makes_the_new_name_searchable(section, client):
    article = ArticlePageFactory(parent=section, title="Night market reopens", tags=["markets"])
    author = AuthorFactory(name="Dara Sok")
    ArticleAuthor.objects.create(page=article, author=author)
    article.save_revision().publish()
    author.name = "Dara Sokha"
    author.save()
    tag = article.tags.get()
    tag.name = "street food"
    tag.save()
    assert hits(client, q="Sokha") == ["Night market reopens"]
    assert hits(client, q="street food") == ["Night market reopens"]
    assert ArticleSearchText.objects.get(page=article).tags == "street food"


def test_an_edit_is_searchable_once_published_and_not_while_a_draft(section, client):
    article = ArticlePageFactory(parent=section, title="Harbour dredging starts")
    article.title = "Harbour dredging delayed"
    article.save_revision()
    assert hits(client, q="delayed") == []
    assert hits(client, q="starts") == ["Harbour dredging starts"]
    ArticlePage.objects.get(pk=article.pk).get_latest_revision().publish()
    assert hits(client, q="delayed") == ["Harbour dredging delayed"]
    assert hits(client, q="starts") == []


def test_unpublishing_removes_the_article_and_republishing_restores_it(section, client):
    article = ArticlePageFactory(parent=section, title="Lantern festival")
    article.unpublish()
    assert not ArticleSearchText.objects.filter(page=article).exists()
    assert hits(client, q="lantern") == []
    article.get_latest_revision().publish()
    assert hits(client, q="lantern") == ["Lantern festival"]


def test_a_deleted_article_leaves_nothing_in_the_full_text_index(section, client):
    article = ArticlePageFactory(parent=section, title="Bridge tolls")
    ArticlePageFactory(parent=section, title="Bridge repairs")
    article.delete()
    assert not ArticleSearchText.objects.filter(page_id=article.pk).exists()
    assert hits(client, q="bridge") == ["Bridge repairs"]
    assert hits(client, q="tolls") == []


def test_a_moved_article_is_found_under_its_new_section(section, home, client):
    economy = SectionPageFactory(parent=home, title="Economy", slug="economy")
    article = ArticlePageFactory(parent=section, title="Pepper exports")
    article.move(economy, pos="last-child")
    assert hits(client, q="pepper", section="economy") == ["Pepper exports"]
    assert hits(client, q="pepper", section="world") == []


def test_indexing_drops_articles_that_are_no_longer_live(section):
    article = ArticlePageFactory(parent=section, title="Night market")
    ArticlePage.objects.filter(pk=article.pk).update(live=False)  # as a bulk change would
    assert index_articles([article.pk]) == 0
    assert not ArticleSearchText.objects.filter(page=article).exists()


def test_a_rebuild_restores_a_lost_index_and_leaves_out_drafts(section, client):
    ArticlePageFactory(parent=section, title="Rubber prices")
    ArticlePageFactory(parent=section, title="Rubber draft", live=False)
    ArticleSearchText.objects.all().delete()
    assert rebuild_index() == 1
    assert hits(client, q="rubber") == ["Rubber prices"]


def test_index_articles_and_update_index_commands_rebuild_it(section, client, capsys):
    ArticlePageFactory(parent=section, title="Cashew harvest")
    ArticleSearchText.objects.all().delete()
    call_command("index_articles")
    assert "Indexed 1 live articles" in capsys.readouterr().out
    assert hits(client, q="cashew") == ["Cashew harvest"]
    ArticleSearchText.objects.all().delete()
    call_command("update_index", verbosity=0)
    assert hits(client, q="cashew") == ["Cashew harvest"]


def test_indexing_costs_the_same_queries_for_one_article_or_many(section):
    def indexing_queries(ids) -> int:
        with CaptureQueriesContext(connection) as queries:
            index_articles(ids)
        return len(queries)

    articles = [ArticlePageFactory(parent=section, tags=["rice"]) for _ in range(4)]
    for article in articles:
        ArticleAuthor.objects.create(page=article, author=AuthorFactory())
    assert indexing_queries([articles[0].pk]) == indexing_queries([a.pk for a in articles])


def test_generated_articles_are_searchable_without_a_rebuild(db, client):
    generate_content(articles=12, comments=0)
    generated = ArticlePage.objects.filter(slug__startswith="generated-")
    assert ArticleSearchText.objects.filter(page__in=generated).count() == 12
    newest = generated.order_by("-publication_date").first()
    number = newest.title.rsplit(" ", 1)[1]  # each generated headline ends with its number
    assert hits(client, q=f"report {number}") == [newest.title]


def test_reader_search_does_not_read_wagtails_index(section, client):
    ArticlePageFactory(parent=section, title="Cassava yields")
    IndexEntry.objects.all().delete()  # the admin's index, which readers no longer use
    assert hits(client, q="cassava") == ["Cassava yields"]


def test_no_module_reaches_into_the_search_library():
    """modelsearch is Wagtail's to use: its tables and classes can change in any release.
    (Migrations name its Indexed mixin as a base class: Django wrote them so.)"""
    package = Path(__file__).resolve().parents[2]
    users = [
        str(path.relative_to(package))
        for path in package.rglob("*.py")
        if "migrations" not in path.parts
        and re.search(r"^\s*(from|import) modelsearch", path.read_text(), re.MULTILINE)
    ]
    assert users == []
