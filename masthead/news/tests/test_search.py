"""Search on the configured database backend: SQLite FTS5 locally, PostgreSQL in CI."""

from datetime import timedelta

from django.db import connection
from django.utils import timezone

import pytest
from bs4 import BeautifulSoup

from masthead.news.search.results import snippet
from masthead.news.tests.factories import ArticlePageFactory, SectionPageFactory


def hits(client, **params) -> list[str]:
    response = client.get("/search/", params)
    assert response.status_code == 200
    page = BeautifulSoup(response.content, "html.parser")
    return [a.get_text() for a in page.select(".search-results .teaser__title a")]


def message(client, **params) -> tuple[int, str]:
    response = client.get("/search/", params)
    page = BeautifulSoup(response.content, "html.parser")
    notes = page.select(".notice, .field-error")
    return response.status_code, " ".join(note.get_text() for note in notes)


def test_a_co_chairs_name_finds_the_lead_demo_article(demo, client):
    assert hits(client, q="Kung Phoak")[0].startswith("ASEAN and the United States")


def test_a_headline_match_ranks_above_a_body_match(section, client):
    ArticlePageFactory(
        parent=section,
        title="Weather report",
        body=[
            {"type": "paragraph", "value": "<p>Monsoon rains are expected, says the report.</p>"}
        ],
    )
    ArticlePageFactory(
        parent=section,
        title="Monsoon arrives early",
        body=[{"type": "paragraph", "value": "<p>Farmers prepare their fields.</p>"}],
    )
    assert hits(client, q="monsoon") == ["Monsoon arrives early", "Weather report"]


def test_authors_and_tags_are_searched(section, client):
    from masthead.news.models import ArticleAuthor
    from masthead.news.tests.factories import AuthorFactory

    article = ArticlePageFactory(parent=section, title="Harbour dues rise", tags=["shipping"])
    ArticleAuthor.objects.create(page=article, author=AuthorFactory(name="Sokunthea Chhay"))
    article.save_revision().publish()
    assert hits(client, q="Sokunthea") == ["Harbour dues rise"]
    assert hits(client, q="shipping") == ["Harbour dues rise"]


def test_results_filter_by_section_and_date(section, home, client):
    economy = SectionPageFactory(parent=home, title="Economy", slug="economy")
    ArticlePageFactory(
        parent=section,
        title="Rice prices in the world",
        publication_date=timezone.now() - timedelta(days=40),
    )
    ArticlePageFactory(parent=economy, title="Rice prices at home")
    assert set(hits(client, q="rice")) == {"Rice prices in the world", "Rice prices at home"}
    assert hits(client, q="rice", section="economy") == ["Rice prices at home"]
    since = (timezone.now() - timedelta(days=7)).date().isoformat()
    assert hits(client, q="rice", start=since) == ["Rice prices at home"]


def test_drafts_are_not_found(section, client):
    ArticlePageFactory(parent=section, title="Secret draft about rice", live=False)
    assert hits(client, q="rice") == []


@pytest.mark.parametrize("query", ["", "   ", "!!!", "?*&%$#@", "<>"])
def test_empty_or_punctuation_only_queries_get_a_message(section, client, query):
    status, text = message(client, q=query)
    assert status == 200
    assert "Type one or more words" in text


def test_an_over_long_query_is_refused_with_a_message(section, client):
    status, text = message(client, q="rice " * 100)
    assert status == 400
    assert "at most 200 characters" in text


def test_a_reversed_date_range_is_refused_with_a_message(section, client):
    status, text = message(client, q="rice", start="2025-05-01", end="2025-04-01")
    assert status == 400
    assert "end date comes before" in text


def test_no_match_says_so(section, client):
    status, text = message(client, q="zebra")
    assert status == 200
    assert "Nothing matches" in text


def test_results_are_paginated_keeping_the_query(section, client):
    for number in range(23):
        ArticlePageFactory(parent=section, title=f"Budget story {number}")
    page = BeautifulSoup(client.get("/search/", {"q": "budget"}).content, "html.parser")
    assert len(page.select(".search-results > li")) == 20
    assert page.select_one("a[rel=next]")["href"] == "?q=budget&page=2"
    assert len(hits(client, q="budget", page="2")) == 3


def test_a_word_in_more_entries_than_the_window_is_ranked_among_the_newest(
    section, client, monkeypatch
):
    from masthead.news.search import ranked

    monkeypatch.setattr(ranked, "RANK_WINDOW", 3)
    for number in range(5):
        ArticlePageFactory(parent=section, title=f"Budget story {number}")
    assert sorted(hits(client, q="budget")) == [f"Budget story {n}" for n in (2, 3, 4)]


def test_indexing_reads_bylines_in_the_same_queries_for_one_article_or_many(section):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from masthead.news.models import ArticleAuthor, ArticlePage
    from masthead.news.tests.factories import AuthorFactory

    def indexing_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            for article in ArticlePage.get_indexed_objects():
                [byline.author.name for byline in article.article_authors.all()]
        return len(queries)

    ArticleAuthor.objects.create(page=ArticlePageFactory(parent=section), author=AuthorFactory())
    one = indexing_queries()
    for _ in range(3):
        ArticleAuthor.objects.create(
            page=ArticlePageFactory(parent=section), author=AuthorFactory()
        )
    assert indexing_queries() == one


def test_snippet_highlights_the_words_and_escapes_the_text():
    html = snippet("Talks on <b>trade</b> ended; trade rose.", ["trade"])
    assert html.count("<mark>") == 2
    assert "&lt;b&gt;" in html and "<b>" not in html


def plan_relations(node: dict, skip_cte: bool) -> set[str]:
    """The tables an EXPLAIN (FORMAT JSON) node reads, optionally leaving out CTEs."""
    found = {node["Relation Name"]} if "Relation Name" in node else set()
    for child in node.get("Plans", []):
        if not (skip_cte and child.get("Subplan Name", "").startswith("CTE ")):
            found |= plan_relations(child, skip_cte)
    return found


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's statement")
def test_postgresql_chooses_the_ranked_window_from_the_index_before_joining_pages(section):
    """Joining pages to the whole index let the planner merge-join every page and article
    for a word found in nearly every article (97 ms at 100,000 articles; 10-19 ms chosen first)."""
    from django.test.utils import CaptureQueriesContext

    from masthead.news.search.results import search_articles

    ArticlePageFactory(parent=section, title="Budget talks")
    with CaptureQueriesContext(connection) as queries:
        assert len(search_articles("budget")[0:20]) == 1
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (FORMAT JSON) " + queries[-1]["sql"])
        plan = cursor.fetchone()[0][0]["Plan"]
    windows = [p for p in plan.get("Plans", []) if p.get("Subplan Name") == "CTE search_window"]
    assert [plan_relations(w, skip_cte=False) for w in windows] == [{"news_articlesearchtext"}]
    assert "news_articlesearchtext" not in plan_relations(plan, skip_cte=True)
