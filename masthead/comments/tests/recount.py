"""Comparing stored per-article totals with a recount from the rows."""

from masthead.comments.models import ArticleFeedback
from masthead.comments.services import feedback_recount


def totals(feedback: ArticleFeedback) -> tuple:
    return (
        feedback.comment_count,
        feedback.thread_count,
        feedback.rating_count,
        feedback.rating_total,
        round(feedback.rating_average, 6),
        feedback.histogram,
    )


def stored_and_recounted(stored: ArticleFeedback) -> tuple[tuple, tuple]:
    """The stored totals, and the totals recounted from the comment and rating rows."""
    before = totals(stored)
    fresh = feedback_recount(ArticleFeedback(pk=stored.pk, article_id=stored.article_id))
    return before, totals(fresh)
