"""Every change to the news reaches cached pages, and proxies, on the very next request.

Each test first caches the pages (a miss, then a hit), makes one change the way the
newsroom makes it, and reads the pages again (masthead/news/signals.py).
"""

import pytest

from masthead.news.models import ArticleAuthor, ArticleCorrection, ArticlePage
from masthead.news.tests.factories import (
    ArticlePageFactory,
    AuthorFactory,
    SectionPageFactory,
)
from masthead.pagecache.tests.helpers import cached_text, publish_edit, text_of
from masthead.pagecache.tests.test_purge import nginx_cache, nginx_file  # noqa: F401 - a fixture

pytestmark = pytest.mark.django_db


@pytest.fixture
def author():
    return AuthorFactory(name="Sok Dara", slug="sok-dara")


@pytest.fixture
def article(section, author):
    article = ArticlePageFactory(parent=section, title="Harbour talks", tags=["ports"])
    ArticleAuthor.objects.create(page=article, author=author)
    return article


def listing_urls(article) -> list[str]:
    return [
        "/",
        "/fr/",
        "/world/",
        "/tags/ports/",
        "/authors/sok-dara/",
        f"/archive/{article.publication_date:%Y/%-m}/",
        "/search/?q=harbour",
        "/feeds/site/all/rss.xml",
        "/feeds/section/world/atom.xml",
        "/feeds/tag/ports/rss.xml",
        "/feeds/author/sok-dara/rss.xml",
        "/sitemap.xml",
    ]


class TestPublishing:
    def test_a_new_article_appears_everywhere_it_belongs(self, client, article, section, author):
        for url in listing_urls(article):
            cached_text(client, url)
        newcomer = ArticlePageFactory(parent=section, title="Ferry strike ends", tags=["ports"])
        ArticleAuthor.objects.create(page=newcomer, author=author)
        publish_edit(newcomer)  # the author link is published with the page, as in the admin
        for url in listing_urls(article):
            if url.startswith("/search/"):
                url = "/search/?q=ferry"
            shown = newcomer.url if url == "/sitemap.xml" else "Ferry strike ends"
            assert shown in text_of(client, url), url

    def test_an_edit_published_live_replaces_the_old_version(self, client, article):
        urls = [article.url, *listing_urls(article)]
        for url in urls:
            cached_text(client, url)
        publish_edit(article, title="Harbour talks collapse")
        for url in urls:
            if url.startswith("/search/") or url == "/sitemap.xml":
                continue  # the search index follows on its own schedule; no titles in sitemaps
            assert "Harbour talks collapse" in text_of(client, url), url

    def test_a_tag_taken_off_leaves_the_tag_page(self, client, article):
        assert "Harbour talks" in cached_text(client, "/tags/ports/")
        publish_edit(article, tags=["ferries"])
        assert "Harbour talks" not in text_of(client, "/tags/ports/")
        assert "Harbour talks" in text_of(client, "/tags/ferries/")

    def test_unpublishing_takes_the_article_off_every_page(self, client, article):
        for url in [article.url, *listing_urls(article)]:
            cached_text(client, url)
        article.unpublish()
        assert client.get(article.url).status_code == 404
        for url in listing_urls(article):
            if url.startswith("/search/"):
                continue
            response = client.get(url)
            assert "Harbour talks" not in response.content.decode(), url

    def test_moving_an_article_moves_it_between_sections(self, client, article, home):
        economy = SectionPageFactory(parent=home, title="Economy", slug="economy")
        assert "Harbour talks" in cached_text(client, "/world/")
        cached_text(client, "/economy/")
        article.move(economy, pos="last-child")
        assert "Harbour talks" not in text_of(client, "/world/")
        assert "Harbour talks" in text_of(client, "/economy/")
        assert client.get("/economy/" + article.slug + "/").status_code == 200

    def test_a_correction_shows_at_once(self, client, article):
        cached_text(client, article.url)
        ArticleCorrection.objects.create(page=article, text="An earlier version misnamed the port.")
        assert "misnamed the port" in text_of(client, article.url)

    def test_a_draft_saved_does_not_disturb_the_cache(self, client, article):
        cached_text(client, article.url)
        article.title = "Unpublished headline"
        article.save_revision()
        response = client.get(article.url)
        assert response["X-Masthead-Cache"] == "hit"
        assert "Unpublished headline" not in response.content.decode()


class TestProfiles:
    def test_an_author_renamed_shows_on_the_pages_of_their_articles(self, client, article, author):
        cached_text(client, article.url)
        author.name = "Sok Dara Chan"
        author.save()
        assert "Sok Dara Chan" in text_of(client, article.url)


class TestOnlyWhatShowsTheChangeIsRendered:
    def test_other_sections_keep_their_cached_pages(self, client, article, home):
        SectionPageFactory(parent=home, title="Economy", slug="economy")
        cached_text(client, "/economy/")
        publish_edit(article, title="Harbour talks resume")
        assert client.get("/economy/")["X-Masthead-Cache"] == "hit"

    def test_articles_in_unrelated_sections_and_tags_stay_cached(self, client, article, home):
        economy = SectionPageFactory(parent=home, title="Economy", slug="economy")
        other = ArticlePageFactory(parent=economy, title="Rice prices", tags=["rice"])
        cached_text(client, other.url)
        publish_edit(article, title="Harbour talks resume")
        assert client.get(other.url)["X-Masthead-Cache"] == "hit"
        assert ArticlePage.objects.live().count() == 2


@pytest.mark.usefixtures("nginx_cache")  # nginx's cache is in tmp_path
def test_publishing_deletes_nginx_copies_of_the_pages_that_show_it(
    tmp_path, section, django_capture_on_commit_callbacks
):
    article = ArticlePageFactory(parent=section, title="Harbour talks")
    copies = [
        nginx_file(tmp_path, f"httplocalhost{path}{encoding}")
        for path in (article.url, "/fr" + article.url, "/", "/world/", "/feeds/site/all/rss.xml")
        for encoding in ("", "gzip")
    ]
    untouched = nginx_file(tmp_path, "httplocalhost/economy/")
    with django_capture_on_commit_callbacks(execute=True):
        publish_edit(article, title="Harbour talks collapse")
    assert not any(copy.exists() for copy in copies)
    assert untouched.exists()
