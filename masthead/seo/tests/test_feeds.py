from datetime import timedelta

from django.utils import timezone

import feedparser
import pytest

from masthead.core.models import SiteSettings
from masthead.news.models import ArticleAuthor
from masthead.news.tests.factories import ArticlePageFactory, AuthorFactory, SectionPageFactory

FLAVOURS = ["rss", "atom"]
# The conditional-GET read: ids and dates of the listed articles only.
VERSIONS_SELECT = (
    'SELECT "news_articlepage"."page_ptr_id" AS "pk", '
    '"news_articlepage"."publication_date" AS "publication_date", '
    '"wagtailcore_page"."last_published_at" AS "last_published_at" FROM'
)


@pytest.fixture
def articles(section, home):
    now = timezone.now()
    author = AuthorFactory(name="Dara Sok", slug="dara-sok")
    other_section = SectionPageFactory(parent=home, title="Economy", slug="economy")
    oldest = ArticlePageFactory(
        parent=section, title="Oldest", publication_date=now - timedelta(days=3), tags=["asean"]
    )
    middle = ArticlePageFactory(
        parent=other_section,
        title="Middle",
        publication_date=now - timedelta(days=2),
        tags=["trade"],
    )
    newest = ArticlePageFactory(
        parent=section,
        title="Newest",
        publication_date=now - timedelta(days=1),
        tags=["asean", "trade"],
    )
    ArticlePageFactory(parent=section, title="A draft", live=False)
    ArticleAuthor.objects.create(page=newest, author=author)
    return oldest, middle, newest


def parsed(client, url: str):
    response = client.get(url)
    assert response.status_code == 200, url
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    return feed


@pytest.mark.parametrize("flavour", FLAVOURS)
@pytest.mark.parametrize(
    ("scope", "expected"),
    [
        ("site/all", ["Newest", "Middle", "Oldest"]),
        ("section/world", ["Newest", "Oldest"]),
        ("tag/trade", ["Newest", "Middle"]),
        ("author/dara-sok", ["Newest"]),
    ],
)
def test_feeds_parse_cleanly_with_the_right_items_newest_first(
    client, articles, flavour, scope, expected
):
    feed = parsed(client, f"/feeds/{scope}/{flavour}.xml")
    assert [entry.title for entry in feed.entries] == expected


@pytest.mark.parametrize("flavour", FLAVOURS)
def test_entries_carry_link_date_author_and_tags(client, articles, flavour):
    entry = parsed(client, f"/feeds/site/all/{flavour}.xml").entries[0]
    assert entry.link.endswith("/world/" + articles[2].slug + "/")
    assert entry.published_parsed is not None
    assert entry.author == "Dara Sok"
    assert {tag.term for tag in entry.tags} == {"asean", "trade"}


def test_feeds_carry_the_dek_unless_full_text_is_chosen(client, articles, home):
    entry = parsed(client, "/feeds/site/all/rss.xml").entries[0]
    assert entry.summary == "A one-sentence summary of the article."
    settings = SiteSettings.for_site(home.get_site())
    settings.feed_full_text = True
    settings.save()
    entry = parsed(client, "/feeds/site/all/rss.xml").entries[0]
    assert "What there is to say about Background." in entry.summary


def test_unchanged_feed_answers_304_to_etag_and_date(client, articles):
    first = client.get("/feeds/site/all/rss.xml")
    assert first["ETag"] and first["Last-Modified"]
    assert (
        client.get("/feeds/site/all/rss.xml", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    )
    assert (
        client.get(
            "/feeds/site/all/rss.xml", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]
        ).status_code
        == 304
    )


def test_publishing_changes_the_etag(client, articles, section):
    etag = client.get("/feeds/site/all/rss.xml")["ETag"]
    ArticlePageFactory(parent=section, title="Breaking")
    response = client.get("/feeds/site/all/rss.xml", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert "Breaking" in response.content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "/feeds/tag/no-such-tag/rss.xml",
        "/feeds/author/nobody/atom.xml",
        "/feeds/section/nowhere/rss.xml",
        "/feeds/other/x/rss.xml",
    ],
)
def test_unknown_feeds_are_404(client, articles, url):
    assert client.get(url).status_code == 404


def test_every_page_advertises_the_site_feeds_and_its_own(client, articles, section):
    from bs4 import BeautifulSoup

    for url, own in [
        ("/", None),
        (section.url, "/feeds/section/world/rss.xml"),
        ("/tags/asean/", "/feeds/tag/asean/rss.xml"),
        ("/authors/dara-sok/", "/feeds/author/dara-sok/rss.xml"),
    ]:
        page = BeautifulSoup(client.get(url).content, "html.parser")
        feeds = {link["href"] for link in page.select('link[rel=alternate][type^="application/"]')}
        assert {"/feeds/site/all/rss.xml", "/feeds/site/all/atom.xml"} <= feeds, url
        if own:
            assert own in feeds, url
            assert client.get(own).status_code == 200


@pytest.mark.usefixtures("rendering_every_request")
def test_a_feed_reads_its_scope_and_latest_date_once(
    client, articles, django_assert_max_num_queries
):
    client.get("/feeds/tag/asean/rss.xml")
    with django_assert_max_num_queries(12) as queries:
        client.get("/feeds/tag/asean/rss.xml")
    tag_lookups = [
        q
        for q in queries.captured_queries
        if 'FROM "taggit_tag"' in q["sql"] and '"slug" =' in q["sql"]
    ]
    version_lookups = [
        q
        for q in queries.captured_queries
        if q["sql"].startswith(VERSIONS_SELECT) and "LIMIT 30" in q["sql"]
    ]
    assert len(tag_lookups) == 1
    assert len(version_lookups) == 1
    assert not [q for q in queries.captured_queries if "MAX(" in q["sql"]]


def test_unpublishing_an_article_of_the_feed_changes_the_etag(client, articles):
    etag = client.get("/feeds/site/all/rss.xml")["ETag"]
    oldest, _middle, _newest = articles
    oldest.unpublish()
    response = client.get("/feeds/site/all/rss.xml", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert "Oldest" not in response.content.decode()
