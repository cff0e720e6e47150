"""Reader search's index follows every change to what a live article says.

Saving the page row covers drafts saved, unpublishing and direct edits; publishing is
listened to as well because the page's tags and bylines are written after the row
(modelcluster commits them once post_save has run), so only page_published sees them.
A deleted article's entry goes with it (CASCADE); a moved one keeps its text. Renaming
an author or a tag rewrites the entries of the articles that carry the name.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.db.models.signals import post_save
from django.dispatch import receiver

from taggit.models import Tag
from wagtail.signals import page_published, page_unpublished

from ..models import ArticleAuthor, ArticlePage, ArticleTag, Author
from .index import index_articles

# A draft saved through a revision writes only bookkeeping columns of the page row.
INDEXED_COLUMNS = {"title", "dek", "body", "live"}
# The articles a bulk write has touched, while it defers indexing (None: index at once).
deferred: ContextVar[set[int] | None] = ContextVar("search_indexing_deferred", default=None)


@contextmanager
def indexing_deferred() -> Iterator[None]:
    """Index the articles saved inside the block once, at its end (an import's thousands)."""
    pending: set[int] = set()
    token = deferred.set(pending)
    try:
        yield
    finally:
        deferred.reset(token)
        index_articles(pending)


def index_soon(page_id: int) -> None:
    pending = deferred.get()
    if pending is None:
        index_articles([page_id])
    else:
        pending.add(page_id)


@receiver(post_save, sender=ArticlePage)
def article_saved(sender, instance: ArticlePage, raw=False, update_fields=None, **kwargs):
    if raw or (update_fields is not None and not INDEXED_COLUMNS & set(update_fields)):
        return
    index_soon(instance.pk)


@receiver(page_published)
@receiver(page_unpublished)
def page_published_or_unpublished(sender, instance, **kwargs):
    if isinstance(instance, ArticlePage):
        index_soon(instance.pk)


@receiver(post_save, sender=Author)
def author_saved(sender, instance: Author, raw=False, created=False, **kwargs):
    if raw or created:
        return
    index_articles(ArticleAuthor.objects.filter(author=instance).values_list("page_id", flat=True))


@receiver(post_save, sender=Tag)
def tag_saved(sender, instance: Tag, raw=False, created=False, **kwargs):
    if raw or created:
        return
    tagged = ArticleTag.objects.filter(tag=instance)
    index_articles(tagged.values_list("content_object_id", flat=True))
