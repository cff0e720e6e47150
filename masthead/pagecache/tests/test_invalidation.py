"""Every change a reader can see reaches cached pages on the very next request.

Each test first caches the pages (a miss, then a hit), makes one change the way the
newsroom makes it, and reads the pages again.
"""

from wagtail.models import PageViewRestriction

import pytest
from bs4 import BeautifulSoup

from masthead.comments.models import Comment, CommentSettings, Moderation
from masthead.comments.services import comment_set_status
from masthead.core.models import SiteSettings
from masthead.news.models import ArticleAuthor, ArticleCorrection, ArticlePage
from masthead.news.tests.factories import (
    ArticlePageFactory,
    AuthorFactory,
    SectionPageFactory,
)

from .conftest import cached_text, publish_edit, text_of

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

    def test_a_page_put_behind_a_password_leaves_the_cache(self, client, article):
        assert "Harbour talks" in cached_text(client, article.url)
        PageViewRestriction.objects.create(
            page=article, restriction_type=PageViewRestriction.PASSWORD, password="s3cret"
        )
        response = client.get(article.url)
        assert response.get("X-Masthead-Cache") != "hit"
        assert "password" in response.content.decode().lower()

    def test_a_draft_saved_does_not_disturb_the_cache(self, client, article):
        cached_text(client, article.url)
        article.title = "Unpublished headline"
        article.save_revision()
        response = client.get(article.url)
        assert response["X-Masthead-Cache"] == "hit"
        assert "Unpublished headline" not in response.content.decode()


class TestReaders:
    def test_an_approved_comment_appears_and_a_removed_one_goes(self, client, article, home):
        settings = CommentSettings.for_site(home.get_site())
        settings.moderation = Moderation.ALL
        settings.save()
        comment = Comment.objects.create(
            article=article, name="Ana", body="Well reported.", status=Comment.Status.PENDING
        )
        assert "Well reported." not in cached_text(client, article.url)
        comment_set_status(comment, Comment.Status.APPROVED)
        assert "Well reported." in text_of(client, article.url)
        comment_set_status(comment, Comment.Status.REJECTED)
        assert "Well reported." not in text_of(client, article.url)

    def test_a_moderator_correcting_a_comment_shows_at_once(self, client, article):
        comment = Comment.objects.create(
            article=article, name="Ana", body="Teh port.", status=Comment.Status.PENDING
        )
        comment_set_status(comment, Comment.Status.APPROVED)
        cached_text(client, article.url)
        comment.body = "The port."
        comment.save()
        assert "The port." in text_of(client, article.url)

    def test_a_rating_changes_the_summary(self, client, article, post_rating):
        before = cached_text(client, article.url)
        post_rating(article, 4)
        after = text_of(client, article.url)
        assert "No ratings yet" in before
        assert "Rated 4 out of 5 stars (1 rating)" in after

    def test_a_pending_comment_leaves_cached_pages_alone(self, client, article, post_comment):
        cached_text(client, article.url)
        post_comment(article, "Waiting for a moderator.")
        response = client.get(article.url)
        assert response["X-Masthead-Cache"] == "hit"


class TestSiteSettings:
    def test_a_new_tagline_shows_on_every_page(self, client, article, home):
        for url in ["/", article.url, "/tags/ports/"]:
            cached_text(client, url)
        settings = SiteSettings.for_site(home.get_site())
        settings.tagline = "News from the Mekong, checked twice"
        settings.save()
        assert "checked twice" in text_of(client, "/")

    def test_a_renamed_section_shows_in_every_menu(self, client, article, section):
        cached_text(client, article.url)
        publish_edit(section, title="World news")
        page = BeautifulSoup(client.get(article.url).content, "html.parser")
        assert "World news" in page.get_text()


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
