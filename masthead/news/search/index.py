"""Writes to reader search's index: the text of the live articles as they stand now.

An article is in the index while it is live, with its live text (the page row, its
tags and bylines; an unpublished draft is never searchable); the full-text index on
ArticleSearchText follows by itself (triggers on SQLite, generated columns on
PostgreSQL). Where an article sits in the tree is not indexed: the search statement
reads it from the page, so a move needs no write here.
"""

from collections.abc import Iterable

from django.db import connection, transaction

from ..models import ArticlePage
from .models import ArticleSearchText

BATCH = 1000
TEXT_FIELDS = ["title", "body", "tags"]


def searchable_articles():
    """Live articles with what their text needs, in a fixed number of queries per batch."""
    return (
        ArticlePage.objects.live()
        .only("title", "dek", "body")
        .prefetch_related("article_authors__author", "tags")
    )


def search_text(article: ArticlePage) -> ArticleSearchText:
    """The headline; the dek, body and bylines; the tags: what Wagtail's backend indexed."""
    body_field = ArticlePage._meta.get_field("body")
    body = [
        article.dek,
        *body_field.get_searchable_content(article.body),
        *(byline.author.name for byline in article.article_authors.all()),
    ]
    return ArticleSearchText(
        page_id=article.pk,
        title=article.title,
        body=" ".join(part for part in body if part),
        tags=" ".join(tag.name for tag in article.tags.all()),
    )


def write(articles: Iterable[ArticlePage]) -> int:
    texts = [search_text(article) for article in articles]
    ArticleSearchText.objects.bulk_create(
        texts, update_conflicts=True, unique_fields=["page"], update_fields=TEXT_FIELDS
    )
    return len(texts)


def index_articles(page_ids: Iterable[int]) -> int:
    """Bring these articles' entries up to date: live ones written, any other removed.

    Returns how many are in the index now."""
    ids = list(page_ids)
    with transaction.atomic():
        written = write(searchable_articles().filter(pk__in=ids))
        ArticleSearchText.objects.filter(page_id__in=ids).exclude(
            page__page_ptr__live=True
        ).delete()
    return written


def rebuild_index() -> int:
    """Every live article's entry written afresh, in one transaction: readers go on
    searching the old index until the new one is complete."""
    ids = list(ArticlePage.objects.live().order_by("pk").values_list("pk", flat=True))
    with transaction.atomic():
        ArticleSearchText.objects.all().delete()
        for start in range(0, len(ids), BATCH):
            write(searchable_articles().filter(pk__in=ids[start : start + BATCH]))
    refresh_statistics()
    return len(ids)


def refresh_statistics() -> None:
    """PostgreSQL plans a search from the table's statistics, which a rebuild has made
    stale (stale ones after the bulk load had it join every page by hash: see
    demo/generate.py); SQLite keeps none."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {ArticleSearchText._meta.db_table}")
