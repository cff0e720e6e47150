"""RSS 2.0 and Atom feeds for the whole site, a section, a tag or an author."""

from dataclasses import dataclass

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext as _

from taggit.models import Tag
from wagtail.models import Site

from masthead.core.models import SiteSettings
from masthead.news import selectors
from masthead.news.models import Author, SectionPage
from masthead.pagecache import dependencies

FEED_LENGTH = 30


@dataclass(frozen=True)
class FeedScope:
    kind: str
    slug: str
    title: str
    link: str
    articles: object
    cache_dependency: str


def feed_scope(kind: str, slug: str):
    """What a feed covers: its title, its page and its articles, newest first."""
    articles = selectors.articles_for_listing(with_body=True).prefetch_related("tagged_items__tag")
    if kind == "site":
        return FeedScope(
            kind, slug, "", "/", selectors.newest_first(articles), dependencies.ARTICLES
        )
    if kind == "section":
        section = get_object_or_404(SectionPage.objects.live(), slug=slug)
        return FeedScope(
            kind,
            slug,
            section.title,
            section.url,
            selectors.newest_first(articles.child_of(section)),
            dependencies.section(section.pk),
        )
    if kind == "tag":
        tag = get_object_or_404(Tag, slug=slug)
        return FeedScope(
            kind,
            slug,
            tag.name,
            reverse("news:tag", args=(tag.slug,)),
            articles.filter(tagged_items__tag=tag),
            dependencies.topic(tag.slug),
        )
    if kind == "author":
        author = get_object_or_404(Author, slug=slug)
        return FeedScope(
            kind,
            slug,
            author.name,
            reverse("news:author", args=(author.slug,)),
            articles.filter(article_authors__author=author),
            dependencies.author(author.pk),
        )
    raise Http404(_("There is no such feed."))


def request_feed_scope(request, kind: str, slug: str) -> FeedScope:
    """The scope, looked up once per request (conditional GET and the feed both need it)."""
    if getattr(request, "_feed_scope", None) is None:
        request._feed_scope = feed_scope(kind, slug)
    return request._feed_scope


class ArticleFeed(Feed):
    """One instance per request: it keeps that request's site settings."""

    feed_type = Rss201rev2Feed

    def get_object(self, request, kind: str, slug: str = "all"):
        self.site_settings = SiteSettings.for_site(Site.find_for_request(request))
        return request_feed_scope(request, kind, slug)

    def title(self, scope: FeedScope) -> str:
        name = self.site_settings.site_name
        return f"{scope.title} · {name}" if scope.title else name

    def link(self, scope: FeedScope) -> str:
        return scope.link

    def description(self, scope: FeedScope) -> str:
        return self.site_settings.tagline or self.site_settings.site_name

    def items(self, scope: FeedScope):
        return scope.articles[:FEED_LENGTH]

    def item_title(self, article) -> str:
        return article.title

    def item_description(self, article) -> str:
        if self.site_settings.feed_full_text:
            return "".join(str(block.render()) for block in article.body)
        return article.dek

    def item_link(self, article) -> str:
        return article.url

    def item_pubdate(self, article):
        return article.publication_date

    def item_updateddate(self, article):
        return article.last_published_at or article.publication_date

    def item_author_name(self, article) -> str:
        return ", ".join(link.author.name for link in article.article_authors.all())

    def item_categories(self, article) -> list[str]:
        return [item.tag.name for item in article.tagged_items.all()]


class AtomArticleFeed(ArticleFeed):
    feed_type = Atom1Feed

    def subtitle(self, scope: FeedScope) -> str:
        return self.description(scope)
