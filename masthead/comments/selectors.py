"""Reads of an article's discussion (two queries, however many comments there are), and
what a post needs of its article and its site, kept in memory between posts."""

from dataclasses import dataclass, field

from django.db.models import Q

from masthead.core.memo import kept_until_changed, site_wide
from masthead.news.models import ArticlePage
from masthead.news.selectors import restricted_paths
from masthead.pagecache import dependencies

from .models import ArticleFeedback, Comment, CommentSettings

THREADS_PER_PAGE = 50
# What a post needs of its article: whether it is open, where it lives, its address.
POST_FIELDS = ("comments_open", "path", "depth", "url_path", "title", "live")


@dataclass(frozen=True)
class Thread:
    comment: Comment
    replies: list[Comment] = field(default_factory=list)


@dataclass(frozen=True)
class Discussion:
    feedback: ArticleFeedback
    threads: list[Thread]
    page: int
    num_pages: int

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.num_pages


def article_feedback(article_id: int) -> ArticleFeedback:
    return ArticleFeedback.objects.filter(article_id=article_id).first() or ArticleFeedback(
        article_id=article_id
    )


def page_number(raw: str | None, num_pages: int) -> int:
    try:
        number = int(raw or 1)
    except ValueError:
        return 1
    return min(max(number, 1), num_pages)


def article_discussion(article_id: int, raw_page: str | None = None) -> Discussion:
    """One page of approved threads, oldest first, each with its approved replies.

    The threads on the page and their replies come back in one query (the page's thread
    ids are a subquery), and the page count comes from the stored totals.
    """
    feedback = article_feedback(article_id)
    num_pages = max(1, -(-feedback.thread_count // THREADS_PER_PAGE))
    page = page_number(raw_page, num_pages)
    approved = Comment.objects.filter(article_id=article_id, status=Comment.Status.APPROVED)
    offset = (page - 1) * THREADS_PER_PAGE
    thread_ids = (
        approved.filter(parent__isnull=True)
        .order_by("created_at", "pk")
        .values("pk")[offset : offset + THREADS_PER_PAGE]
    )
    rows = approved.filter(Q(pk__in=thread_ids) | Q(parent_id__in=thread_ids)).order_by(
        "created_at", "pk"
    )
    threads: dict[int, Thread] = {}
    replies: list[Comment] = []
    for comment in rows:
        if comment.parent_id is None:
            threads[comment.pk] = Thread(comment)
        else:
            replies.append(comment)
    for reply in replies:
        if reply.parent_id in threads:
            threads[reply.parent_id].replies.append(reply)
    return Discussion(
        feedback=feedback, threads=list(threads.values()), page=page, num_pages=num_pages
    )


def pending_count() -> int:
    return Comment.objects.filter(status=Comment.Status.PENDING).count()


def site_comment_settings(site_id: int) -> CommentSettings:
    """A site's comment policy, kept in memory until the site tag moves (an edit bumps it)."""
    return site_wide(
        ("comment-settings", site_id),
        lambda: CommentSettings.objects.get_or_create(site_id=site_id)[0],
    )


@dataclass(frozen=True)
class Commentable:
    """A live, public article, read with the columns a post needs, and its site."""

    article: ArticlePage
    site_id: int


def public_article(article_id: int) -> Commentable | None:
    """The article if it is live, outside every view restriction and under a site."""
    article = ArticlePage.objects.live().only(*POST_FIELDS).filter(pk=article_id).first()
    if article is None or article.path.startswith(restricted_paths()):
        return None
    url_parts = article.get_url_parts()  # from Wagtail's cached site roots: no query
    return None if url_parts is None else Commentable(article, site_id=url_parts[0])


def commentable_article(article_id: int) -> Commentable | None:
    """`public_article()`, kept in memory until the article or the site changes.

    Publishing, unpublishing, moving or deleting an article bumps its page tag; a view
    restriction, a moved section or a changed site bumps the site tag.
    """
    return kept_until_changed(
        ("commentable", article_id),
        (dependencies.page(article_id), dependencies.SITE),
        lambda: public_article(article_id),
    )
