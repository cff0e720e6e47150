"""Reads of news content, each with its joins chosen once so a page's query count stays flat."""

from dataclasses import dataclass

from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db.models import Prefetch, QuerySet

from masthead.news import models

LATEST_ON_FRONT_PAGE = 12
ARTICLES_PER_PAGE = 20


@dataclass(frozen=True)
class Teaser:
    """An article as a listing shows it, with the section it was filed under."""

    article: "models.ArticlePage"
    section: "models.SectionPage | None"


@dataclass(frozen=True)
class FrontPage:
    lead: Teaser | None
    latest: list[Teaser]


def articles_for_listing() -> QuerySet["models.ArticlePage"]:
    """Live, public articles, newest first, with what a teaser shows already joined."""
    authors = models.ArticleAuthor.objects.select_related("author").order_by("sort_order")
    return (
        models.ArticlePage.objects.live()
        .public()
        .select_related("featured_image")
        .prefetch_related(Prefetch("article_authors", queryset=authors))
        .order_by("-publication_date", "-pk")
    )


def sections_in_menu() -> list["models.SectionPage"]:
    return list(models.SectionPage.objects.live().in_menu().order_by("path"))


def teasers(articles) -> list[Teaser]:
    """Pair articles with their sections using one query for all of them."""
    articles = list(articles)
    parent_paths = {article.path[: -article.steplen] for article in articles}
    sections = {
        section.path: section
        for section in models.SectionPage.objects.live().filter(path__in=parent_paths)
    }
    return [Teaser(article, sections.get(article.path[: -article.steplen])) for article in articles]


def front_page(home: "models.HomePage", *, latest_count: int = LATEST_ON_FRONT_PAGE) -> FrontPage:
    """The lead story (chosen by an editor, else the newest) and the latest after it.

    The newest articles are read in one query whether or not the lead is among them,
    so the front page costs the same number of queries with 1 article or 100,000.
    """
    articles = articles_for_listing().descendant_of(home)
    recent = list(articles[: latest_count + 1])
    lead = articles.filter(pk=home.lead_article_id).first() if home.lead_article_id else None
    lead = lead or (recent[0] if recent else None)
    if lead is None:
        return FrontPage(lead=None, latest=[])
    latest = [article for article in recent if article.pk != lead.pk][:latest_count]
    lead_teaser, *latest_teasers = teasers([lead, *latest])
    return FrontPage(lead=lead_teaser, latest=latest_teasers)


def section_articles(section: "models.SectionPage") -> QuerySet["models.ArticlePage"]:
    return articles_for_listing().child_of(section)


def paginate(
    queryset: QuerySet, page_number: str | None, *, per_page: int = ARTICLES_PER_PAGE
) -> PaginatorPage:
    """One page of a listing; a missing, malformed or out-of-range number gives a real page."""
    return Paginator(queryset, per_page).get_page(page_number)


def article_section(article: "models.ArticlePage") -> "models.SectionPage | None":
    return models.SectionPage.objects.filter(path=article.path[: -article.steplen]).first()


def article_authors(article: "models.ArticlePage") -> list["models.Author"]:
    return [link.author for link in article.article_authors.select_related("author")]
