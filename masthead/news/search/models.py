"""The text reader search indexes, one row per live article; the full-text index on it is
database-specific and created by migration 0006_search_index (see search/__init__)."""

from django.db import models


class ArticleSearchText(models.Model):
    """What a reader's words are matched against: kept by search.index, never edited.

    Tags are a column of their own because PostgreSQL weighs them above body text; the
    row goes with its article (CASCADE), which also empties the full-text index.
    """

    page = models.OneToOneField(
        "news.ArticlePage", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    title = models.TextField()
    body = models.TextField()
    tags = models.TextField()

    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = "article search text"

    def __str__(self) -> str:
        return self.title
