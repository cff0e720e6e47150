"""Reads of news content, each with its joins chosen once so a page's query count stays flat."""

from dataclasses import dataclass

from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, QuerySet

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


def tag_articles(slug: str) -> QuerySet["models.ArticlePage"]:
    return articles_for_listing().filter(tagged_items__tag__slug=slug)


def author_articles(author: "models.Author") -> QuerySet["models.ArticlePage"]:
    return articles_for_listing().filter(article_authors__author=author)


def month_articles(year: int, month: int) -> QuerySet["models.ArticlePage"]:
    return articles_for_listing().filter(publication_date__year=year, publication_date__month=month)


def archive_months() -> list:
    """The months that have articles, newest first, for the archive index."""
    return list(
        models.ArticlePage.objects.live().public().dates("publication_date", "month", order="DESC")
    )


def section_blocks(
    home: "models.HomePage", *, per_section: int = 4
) -> list[tuple["models.SectionPage", list[Teaser]]]:
    """The newest few articles of every section in the menu.

    Each section's newest ids come from the publication-date index (one short query per
    section, however large the archive), then one listing query reads them all.
    """
    sections = [s for s in sections_in_menu() if s.path.startswith(home.path)]
    newest = models.ArticlePage.objects.live().order_by("-publication_date", "-pk")
    ids_by_section = {
        section.pk: list(newest.child_of(section).values_list("pk", flat=True)[:per_section])
        for section in sections
    }
    articles = articles_for_listing().in_bulk([pk for ids in ids_by_section.values() for pk in ids])
    blocks = []
    for section in sections:
        items = [
            Teaser(articles[pk], section) for pk in ids_by_section[section.pk] if pk in articles
        ]
        if items:
            blocks.append((section, items))
    return blocks


def related_articles(article: "models.ArticlePage", *, limit: int = 4) -> list[Teaser]:
    """Articles sharing the most tags with this one, then the newest of its section.

    Both candidate lists come from indexes (tag links, publication date), so the cost
    does not grow with the archive; one listing query then reads the chosen articles.
    """
    tag_ids = list(article.tagged_items.values_list("tag_id", flat=True))
    sharing = (
        models.ArticleTag.objects.filter(tag_id__in=tag_ids)
        .exclude(content_object_id=article.pk)
        .values("content_object_id")
        .annotate(shared=Count("id"))
        .order_by("-shared", "-content_object_id")
    )
    same_section = (
        models.ArticlePage.objects.live()
        .filter(path__startswith=article.path[: -article.steplen], depth=article.depth)
        .exclude(pk=article.pk)
        .order_by("-publication_date", "-pk")
    )
    candidates = [row["content_object_id"] for row in sharing[: limit * 3]]
    candidates += list(same_section.values_list("pk", flat=True)[:limit])
    chosen = list(dict.fromkeys(candidates))
    # The article itself is read too, so the listing query runs even with no candidates
    # and the page's query count does not depend on the archive.
    live = articles_for_listing().in_bulk([article.pk, *chosen])
    _itself, *related = teasers([article, *[live[pk] for pk in chosen if pk in live][:limit]])
    return related


MIN_RATINGS_FOR_TOP = 3
RANKED_CANDIDATES = 50


def ranked_teasers(home: "models.HomePage", feedback_ids: list[int], limit: int) -> list[Teaser]:
    """Teasers for articles ranked by their feedback, keeping the rank, live ones only."""
    articles = articles_for_listing().descendant_of(home).in_bulk(feedback_ids)
    return teasers([articles[pk] for pk in feedback_ids if pk in articles][:limit])


def most_discussed(home: "models.HomePage", *, limit: int = 5) -> list[Teaser]:
    """The articles with the most approved comments; empty until readers have commented.

    Read from the indexed totals first, so it costs the same at any archive size.
    """
    from masthead.comments.models import ArticleFeedback

    ranked = ArticleFeedback.objects.filter(comment_count__gt=0).order_by(
        "-comment_count", "-article_id"
    )
    return ranked_teasers(
        home, list(ranked.values_list("article_id", flat=True)[:RANKED_CANDIDATES]), limit
    )


def top_rated(home: "models.HomePage", *, limit: int = 5) -> list[Teaser]:
    """The best average ratings among articles rated often enough to mean something."""
    from masthead.comments.models import ArticleFeedback

    ranked = ArticleFeedback.objects.filter(rating_count__gte=MIN_RATINGS_FOR_TOP).order_by(
        "-rating_average", "-rating_count"
    )
    return ranked_teasers(
        home, list(ranked.values_list("article_id", flat=True)[:RANKED_CANDIDATES]), limit
    )


def article_corrections(article: "models.ArticlePage") -> list["models.ArticleCorrection"]:
    """Corrections and updates, oldest first, so the last one is the article's update time."""
    return sorted(article.corrections.all(), key=lambda note: note.published_at)
