"""Writes to comments and ratings. Every one runs in one transaction that first locks the
article's feedback row, then writes, then recomputes the totals from the rows."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from masthead.core.db import write_transaction

from .models import ArticleFeedback, Comment, Rating
from .moderation import CommentModerator, CommentRefused
from .readers import Reader
from .tasks import notify_moderators_soon


@dataclass(frozen=True)
class Submission:
    """What a reader sent, already validated by the form."""

    name: str
    email: str
    body: str
    rating: int | None
    parent_id: int | None
    submission_id: str
    honeypot: str = ""


@dataclass(frozen=True)
class Outcome:
    comment: Comment | None
    rating_counted: bool

    @property
    def pending(self) -> bool:
        return self.comment is not None and self.comment.status == Comment.Status.PENDING


def lock_feedback(article_id: int) -> ArticleFeedback:
    """Take the article's feedback row lock first, so concurrent writers queue up."""
    ArticleFeedback.objects.get_or_create(article_id=article_id)
    return ArticleFeedback.objects.select_for_update().get(article_id=article_id)


def feedback_recount(feedback: ArticleFeedback) -> ArticleFeedback:
    approved = Comment.objects.filter(
        article_id=feedback.article_id, status=Comment.Status.APPROVED
    )
    comments = approved.aggregate(
        total=Count("pk"), threads=Count("pk", filter=Q(parent__isnull=True))
    )
    ratings = Rating.objects.filter(article_id=feedback.article_id).aggregate(
        count=Count("pk"),
        total=Sum("value"),
        **{f"stars_{n}": Count("pk", filter=Q(value=n)) for n in range(1, 6)},
    )
    feedback.comment_count = comments["total"]
    feedback.thread_count = comments["threads"]
    feedback.rating_count = ratings["count"]
    feedback.rating_total = ratings["total"] or 0
    feedback.rating_average = (
        feedback.rating_total / feedback.rating_count if feedback.rating_count else 0
    )
    for stars in range(1, 6):
        setattr(feedback, f"stars_{stars}", ratings[f"stars_{stars}"])
    feedback.save()
    return feedback


def rating_store(
    *, article_id: int, reader_key: str, value: int, address_hash: str, comment: Comment | None
) -> Rating:
    rating, _created = Rating.objects.update_or_create(
        article_id=article_id,
        reader_key=reader_key,
        defaults={"value": value, "comment": comment, "address_hash": address_hash},
    )
    return rating


def check_parent(article, parent_id: int | None) -> None:
    """Replies go one level deep, under an approved comment on the same article."""
    if parent_id is None:
        return
    replyable = Comment.objects.filter(
        pk=parent_id, article=article, parent__isnull=True, status=Comment.Status.APPROVED
    )
    if not replyable.exists():
        raise CommentRefused(_("The comment you are replying to is not available."))


def comment_build(*, article, submission: Submission, reader: Reader, status: str) -> Comment:
    comment = Comment(
        article=article,
        parent_id=submission.parent_id,
        name=submission.name
        if not reader.user
        else (reader.user.get_full_name() or submission.name or reader.user.get_username()),
        email=submission.email,
        body=submission.body,
        rating=submission.rating,
        status=status,
        user=reader.user,
        is_staff=reader.is_staff,
        reader_key=reader.key,
        address_hash=reader.address_hash,
        submission_id=submission.submission_id,
        moderated_at=timezone.now() if status == Comment.Status.APPROVED else None,
    )
    comment.full_clean()
    comment.save()
    return comment


def rating_carried_by(comment: Comment) -> None:
    """Count the rating an approved comment carries; replies carry none."""
    if comment.rating and comment.parent_id is None:
        rating_store(
            article_id=comment.article_id,
            reader_key=comment.reader_key,
            value=comment.rating,
            address_hash=comment.address_hash,
            comment=comment,
        )


def rating_accept(
    *, article, submission: Submission, reader: Reader, moderator: CommentModerator
) -> Outcome:
    """A rating sent without text counts at once."""
    rating_store(
        article_id=article.pk,
        reader_key=reader.key,
        value=submission.rating,
        address_hash=reader.address_hash,
        comment=None,
    )
    return Outcome(comment=None, rating_counted=True)


def comment_accept(
    *, article, submission: Submission, reader: Reader, moderator: CommentModerator
) -> Outcome:
    """A comment is published or held; a repeated submission returns the first one."""
    check_parent(article, submission.parent_id)
    existing = Comment.objects.filter(submission_id=submission.submission_id).first()
    if existing is not None:
        return Outcome(comment=existing, rating_counted=existing.status == Comment.Status.APPROVED)
    pending = moderator.needs_moderation(reader)
    status = Comment.Status.PENDING if pending else Comment.Status.APPROVED
    comment = comment_build(article=article, submission=submission, reader=reader, status=status)
    if pending:
        notify_moderators_soon(comment.pk)
    else:
        rating_carried_by(comment)
    return Outcome(comment=comment, rating_counted=not pending and comment.rating is not None)


def submission_accept(
    *, article, submission: Submission, reader: Reader, moderator: CommentModerator
) -> Outcome:
    """Store what a reader sent: a comment (with or without a rating), or a rating alone.

    The moderator refuses first; then, in one transaction holding the article's
    feedback lock, the write happens and the totals are recounted.
    """
    moderator.check(
        article=article,
        body=submission.body,
        name=submission.name,
        honeypot=submission.honeypot,
        reader=reader,
    )
    accept = comment_accept if submission.body else rating_accept
    with write_transaction():
        feedback = lock_feedback(article.pk)
        outcome = accept(article=article, submission=submission, reader=reader, moderator=moderator)
        feedback_recount(feedback)
    return outcome


def comment_set_status(comment: Comment, status: str) -> Comment:
    """Approve, reject or mark as spam: an approved comment's rating counts, a removed one's goes."""
    with write_transaction():
        feedback = lock_feedback(comment.article_id)
        comment.status = status
        comment.moderated_at = timezone.now()
        comment.save(update_fields=["status", "moderated_at"])
        if status == Comment.Status.APPROVED:
            rating_carried_by(comment)
        else:
            Rating.objects.filter(comment=comment).delete()
        feedback_recount(feedback)
    return comment


def comments_set_status(comments: Iterable[Comment], status: str) -> int:
    changed = 0
    for comment in comments:
        comment_set_status(comment, status)
        changed += 1
    return changed


def feedback_refresh(article_ids: Iterable[int]) -> None:
    """Recount after rows went some other way (a delete in the admin, an erased reader)."""
    for article_id in sorted(set(article_ids)):
        with write_transaction():
            feedback_recount(lock_feedback(article_id))


def comments_delete(comments: Iterable[Comment]) -> int:
    comments = list(comments)
    Comment.objects.filter(pk__in=[c.pk for c in comments]).delete()
    feedback_refresh(c.article_id for c in comments)
    return len(comments)


def reader_comments(email: str):
    return (
        Comment.objects.filter(email__iexact=email.strip())
        .select_related("article")
        .order_by("created_at")
    )


def reader_data_export(email: str) -> list[dict]:
    """Everything stored about the comments sent with an e-mail address, for the reader."""
    return [
        {
            "article": comment.article.title,
            "article_url": comment.article.full_url,
            "posted": comment.created_at.isoformat(),
            "name": comment.name,
            "email": comment.email,
            "comment": comment.body,
            "rating": comment.rating,
            "status": comment.status,
            "in_reply_to": comment.parent_id,
        }
        for comment in reader_comments(email)
    ]


def reader_data_erase(email: str) -> int:
    """Delete every comment sent with an e-mail address, with the ratings they carried."""
    return comments_delete(reader_comments(email))
