"""Ratings as newsroom insight: per-article histograms and each section's best and worst."""

from dataclasses import dataclass

from masthead.news.models import SectionPage

from .models import ArticleFeedback

MIN_RATINGS_TO_RANK = 3
RATED_ARTICLES_SHOWN = 100


@dataclass(frozen=True)
class SectionExtremes:
    section: SectionPage
    best: list[ArticleFeedback]
    worst: list[ArticleFeedback]


def rated_articles(limit: int = RATED_ARTICLES_SHOWN) -> list[ArticleFeedback]:
    return list(
        ArticleFeedback.objects.filter(rating_count__gt=0)
        .select_related("article")
        .order_by("-rating_count", "-rating_total")[:limit]
    )


def section_extremes(per_section: int = 3) -> list[SectionExtremes]:
    """The best and worst rated articles of each section, among those rated often enough."""
    ranked = list(
        ArticleFeedback.objects.filter(rating_count__gte=MIN_RATINGS_TO_RANK).select_related(
            "article"
        )
    )
    results = []
    for section in SectionPage.objects.order_by("path"):
        rows = sorted(
            (row for row in ranked if row.article.path.startswith(section.path)),
            key=lambda row: (row.rating_total / row.rating_count, row.rating_count),
        )
        if rows:
            results.append(
                SectionExtremes(section, best=rows[::-1][:per_section], worst=rows[:per_section])
            )
    return results
