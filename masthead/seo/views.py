"""Machine-readable doors: feeds (with conditional GET), sitemaps and robots.txt."""

import hashlib
from datetime import timedelta

from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import condition

from wagtail.contrib.sitemaps.views import sitemap
from wagtail.models import Site

from masthead.core.models import SiteSettings
from masthead.news import selectors
from masthead.pagecache import dependencies
from masthead.pagecache.dependencies import depends_on

from .feeds import FEED_LENGTH, ArticleFeed, AtomArticleFeed, request_feed_scope

NEWS_SITEMAP_WINDOW = timedelta(days=2)
NEWS_SITEMAP_LIMIT = 1000
# Google News wants ISO 639 codes, with Chinese written zh-cn or zh-tw.
NEWS_LANGUAGE_CODES = {"zh-hans": "zh-cn", "zh-hant": "zh-tw"}


def feed_versions(request: HttpRequest, kind: str, slug: str) -> list[tuple]:
    """Id and dates of the articles the feed lists, read once per request.

    Only the listed articles can change the feed, so only they are read: a short walk
    down the date index, where a MAX() over the whole scope read the whole archive.
    """
    if not hasattr(request, "_feed_versions"):
        articles = request_feed_scope(request, kind, slug).articles
        request._feed_versions = list(
            articles.values_list("pk", "publication_date", "last_published_at")[:FEED_LENGTH]
        )
    return request._feed_versions


def feed_last_modified(request: HttpRequest, kind: str, slug: str = "all", flavour: str = "rss"):
    """The latest publication or republication among the feed's articles."""
    moments = [moment for _pk, *dates in feed_versions(request, kind, slug) for moment in dates]
    return max((moment for moment in moments if moment), default=None)


def feed_etag(request: HttpRequest, kind: str, slug: str = "all", flavour: str = "rss") -> str:
    """Changes when the feed's articles, their dates or the site's feed settings change.

    The ids count too, so an article leaving the feed (unpublished) changes it.
    """
    versions = feed_versions(request, kind, slug)
    site_settings = SiteSettings.for_site(Site.find_for_request(request))
    key = f"{kind}:{slug}:{flavour}:{versions}:{site_settings.feed_full_text}:{site_settings.site_name}"
    return hashlib.sha256(key.encode()).hexdigest()[:32]


@condition(etag_func=feed_etag, last_modified_func=feed_last_modified)
def feed(request: HttpRequest, kind: str, slug: str = "all", flavour: str = "rss") -> HttpResponse:
    depends_on(request, request_feed_scope(request, kind, slug).cache_dependency)
    feed_class = AtomArticleFeed if flavour == "atom" else ArticleFeed
    return feed_class()(request, kind=kind, slug=slug)


def sitemap_xml(request: HttpRequest) -> HttpResponse:
    """Wagtail's sitemap of every public page: it changes with any article."""
    depends_on(request, dependencies.ARTICLES)
    return sitemap(request)


def robots_txt(request: HttpRequest) -> HttpResponse:
    depends_on(request)
    root = request.build_absolute_uri("/").rstrip("/")
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /search/",
        "Disallow: /*/search/",
        "Disallow: /comments/",
        "Disallow: /*/comments/",
        "",
        f"Sitemap: {root}{reverse('seo:sitemap')}",
        f"Sitemap: {root}{reverse('seo:news_sitemap')}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


def news_sitemap(request: HttpRequest) -> TemplateResponse:
    """Google News sitemap: the articles of the last two days."""
    since = timezone.now() - NEWS_SITEMAP_WINDOW
    articles = selectors.articles_for_listing().filter(publication_date__gte=since)[
        :NEWS_SITEMAP_LIMIT
    ]
    site = Site.find_for_request(request)
    entries = [
        {
            "article": article,
            "language": NEWS_LANGUAGE_CODES.get(article.language, article.language),
        }
        for article in articles
    ]
    context = {
        "entries": entries,
        "root": site.root_url,
        "publication": SiteSettings.for_site(site).site_name,
    }
    return TemplateResponse(
        request, "seo/news_sitemap.xml", context, content_type="application/xml; charset=utf-8"
    )
