"""Writes to comments and ratings. Every one that changes what the totals count runs in
one transaction that first locks the article's feedback row, then writes, then moves the
totals by what it wrote (posting and moderation) or recounts them from the rows
(deletions made some other way); a comment held for moderation is written alone."""

import hashlib
import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta

from django.db import IntegrityError
from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from masthead.core.db import write_transaction
from masthead.pagecache import dependencies
from masthead.pagecache.invalidation import pages_changed

from .models import ArticleFeedback, Comment, Rating, SubmissionReceipt
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


def submission_digest(submission: Submission) -> str:
    """What a submission sent, in a form two sends of it can be compared by."""
    content = [
        submission.name,
        submission.email,
        submission.body,
        submission.rating,
        submission.parent_id,
    ]
    return hashlib.sha256(json.dumps(content).encode()).hexdigest()


def receipt_write(*, article_id: int, submission: Submission) -> None:
    """Spend the submission's token; a second use raises IntegrityError (unique id).

    Callers write it in the transaction that stores the submission, so a refused
    submission leaves no receipt and a stored one always has one.
    """
    SubmissionReceipt.objects.create(
        submission_id=submission.submission_id,
        article_id=article_id,
        digest=submission_digest(submission),
    )


def lock_feedback(article_id: int) -> ArticleFeedback:
    """Take the article's feedback row lock first, so concurrent writers queue up.

    The row nearly always exists already: one locking read; the first writer creates it.
    """
    locked = ArticleFeedback.objects.select_for_update()
    try:
        return locked.get(article_id=article_id)
    except ArticleFeedback.DoesNotExist:
        ArticleFeedback.objects.get_or_create(article_id=article_id)
        return locked.get(article_id=article_id)


def shown_totals(feedback: ArticleFeedback) -> tuple[int, ...]:
    return (
        feedback.comment_count,
        feedback.thread_count,
        feedback.rating_count,
        feedback.rating_total,
        *(getattr(feedback, f"stars_{stars}") for stars in range(1, 6)),
    )


def announce_if_changed(feedback: ArticleFeedback, before: tuple[int, ...]) -> None:
    """Readers see the totals (and the comments behind them): cached pages must follow."""
    if shown_totals(feedback) != before:
        pages_changed(dependencies.discussion(feedback.article_id), dependencies.RANKINGS)


def feedback_recount(feedback: ArticleFeedback) -> ArticleFeedback:
    before = shown_totals(feedback)
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
    announce_if_changed(feedback, before)
    return feedback


def count_comment(feedback: ArticleFeedback, comment: Comment, step: int) -> None:
    """An approved comment joins (step 1) or leaves (step -1) the locked article's totals."""
    feedback.comment_count += step
    if comment.parent_id is None:
        feedback.thread_count += step


def count_rating(feedback: ArticleFeedback, old: int | None, new: int | None) -> None:
    """One reader's counted rating goes from old to new (None: no rating) in the totals."""
    for value, step in ((old, -1), (new, 1)):
        if value is not None:
            feedback.rating_count += step
            feedback.rating_total += step * value
            setattr(feedback, f"stars_{value}", getattr(feedback, f"stars_{value}") + step)
    feedback.rating_average = (
        feedback.rating_total / feedback.rating_count if feedback.rating_count else 0
    )


def feedback_save(feedback: ArticleFeedback, before: tuple[int, ...]) -> None:
    """Store totals moved by count_comment() and count_rating(), if they moved.

    Posting adds to the totals under the row lock instead of recounting every comment
    and rating of the article, which grows with the article's discussion; each step
    mirrors one row written in the same transaction, so they still equal a recount.
    """
    if shown_totals(feedback) != before:
        feedback.save()
        announce_if_changed(feedback, before)


@contextmanager
def feedback_locked(article_id: int) -> Iterator[ArticleFeedback]:
    """A write transaction holding the article's feedback row, saved at the end if it moved."""
    with write_transaction():
        feedback = lock_feedback(article_id)
        before = shown_totals(feedback)
        yield feedback
        feedback_save(feedback, before)


def rating_store(
    *, article_id: int, reader_key: str, value: int, address_hash: str, comment: Comment | None
) -> int | None:
    """Store a reader's rating of an article, replacing theirs: returns the value replaced.

    Callers hold the article's feedback lock, so no one else writes its ratings meanwhile.
    """
    rating = Rating.objects.filter(article_id=article_id, reader_key=reader_key).first()
    if rating is None:
        Rating.objects.create(
            article_id=article_id,
            reader_key=reader_key,
            value=value,
            comment=comment,
            address_hash=address_hash,
        )
        return None
    replaced = rating.value
    rating.value, rating.comment, rating.address_hash = value, comment, address_hash
    rating.save(update_fields=["value", "comment", "address_hash", "updated_at"])
    return replaced


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
    # The article and the parent were looked up already, and the database holds the
    # unique submission and the rating's range: check the fields without a query each.
    comment.full_clean(
        exclude=["article", "parent", "user"], validate_unique=False, validate_constraints=False
    )
    comment.save()
    return comment


def rating_carried_by(comment: Comment, feedback: ArticleFeedback) -> None:
    """Count the rating an approved comment carries; replies carry none."""
    if comment.rating and comment.parent_id is None:
        replaced = rating_store(
            article_id=comment.article_id,
            reader_key=comment.reader_key,
            value=comment.rating,
            address_hash=comment.address_hash,
            comment=comment,
        )
        count_rating(feedback, replaced, comment.rating)


def ratings_carried_away(comment: Comment, feedback: ArticleFeedback) -> None:
    """A comment no longer approved takes its rating out of the totals."""
    for rating in Rating.objects.filter(comment=comment):
        rating.delete()
        count_rating(feedback, rating.value, None)


def rating_accept(*, article, submission: Submission, reader: Reader) -> Outcome:
    """A rating sent without text counts at once."""
    with feedback_locked(article.pk) as feedback:
        receipt_write(article_id=article.pk, submission=submission)
        replaced = rating_store(
            article_id=article.pk,
            reader_key=reader.key,
            value=submission.rating,
            address_hash=reader.address_hash,
            comment=None,
        )
        count_rating(feedback, replaced, submission.rating)
    return Outcome(comment=None, rating_counted=True)


def comment_store(*, article, submission: Submission, reader: Reader, pending: bool) -> Comment:
    """Write a comment: an approved one with the totals it moves, a held one alone.

    A held comment counts nowhere until it is approved (which takes the feedback lock),
    so it is written without that lock: its receipt and itself, in the writers' queue.
    """
    if pending:
        with write_transaction():
            check_parent(article, submission.parent_id)
            receipt_write(article_id=article.pk, submission=submission)
            comment = comment_build(
                article=article, submission=submission, reader=reader, status=Comment.Status.PENDING
            )
            notify_moderators_soon(comment.pk)
        return comment
    with feedback_locked(article.pk) as feedback:
        check_parent(article, submission.parent_id)
        receipt_write(article_id=article.pk, submission=submission)
        comment = comment_build(
            article=article, submission=submission, reader=reader, status=Comment.Status.APPROVED
        )
        count_comment(feedback, comment, 1)
        rating_carried_by(comment, feedback)
    return comment


def comment_accept(
    *, article, submission: Submission, reader: Reader, moderator: CommentModerator
) -> Outcome:
    """A comment is published or held."""
    pending = moderator.needs_moderation(reader)
    comment = comment_store(article=article, submission=submission, reader=reader, pending=pending)
    return Outcome(comment=comment, rating_counted=not pending and comment.rating is not None)


def submission_resent(submission: Submission) -> Outcome | None:
    """What the first use of a spent token stored, if this is the same content again.

    A reuse with other content is refused: answering "thank you" would drop it. None
    when the token was not spent after all (the refusal came from elsewhere).
    """
    receipt = SubmissionReceipt.objects.filter(submission_id=submission.submission_id).first()
    if receipt is None:
        return None
    if receipt.digest != submission_digest(submission):
        raise CommentRefused(
            _(
                "This form was already sent with a different comment or rating. "
                "Reload the page to send a new one."
            ),
            status=409,
        )
    if not submission.body:
        return Outcome(comment=None, rating_counted=True)
    first = Comment.objects.filter(submission_id=submission.submission_id).first()
    if first is None:  # removed by a moderator since
        raise CommentRefused(
            _("This form was already sent. Reload the page to send a new one."), status=409
        )
    return Outcome(comment=first, rating_counted=first.status == Comment.Status.APPROVED)


def submission_accept(
    *, article, submission: Submission, reader: Reader, moderator: CommentModerator
) -> Outcome:
    """Store what a reader sent: a comment (with or without a rating), or a rating alone.

    The moderator refuses first, then decides whether a comment waits; the write then
    happens in one transaction, which holds the article's feedback lock when it moves
    the totals and spends the form's token (its receipt). Resends are rare (a double
    click, a resent form), so instead of a query on every post to look for one, the
    receipt's unique id refuses the second INSERT, which rolls its transaction back;
    only then is the first use read.
    """
    moderator.check(
        article=article,
        body=submission.body,
        name=submission.name,
        honeypot=submission.honeypot,
        reader=reader,
    )
    try:
        if not submission.body:
            return rating_accept(article=article, submission=submission, reader=reader)
        return comment_accept(
            article=article, submission=submission, reader=reader, moderator=moderator
        )
    except IntegrityError:
        resent = submission_resent(submission)
        if resent is None:
            raise
        return resent


def comment_set_status(comment: Comment, status: str) -> Comment:
    """Approve, reject or mark as spam: an approved comment's rating counts, a removed one's goes."""
    approved = Comment.Status.APPROVED
    with feedback_locked(comment.article_id) as feedback:
        # The stored status, read under the lock: the comment may be a stale copy.
        was_approved = Comment.objects.filter(pk=comment.pk, status=approved).exists()
        comment.status = status
        comment.moderated_at = timezone.now()
        comment.save(update_fields=["status", "moderated_at"])
        if was_approved != (status == approved):
            count_comment(feedback, comment, 1 if status == approved else -1)
        if status == approved:
            rating_carried_by(comment, feedback)
        else:
            ratings_carried_away(comment, feedback)
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


def receipts_prune(*, older_than: timedelta) -> int:
    """Forget the receipts of tokens too old to be accepted anyway: they guard nothing."""
    deleted, _ = SubmissionReceipt.objects.filter(
        created_at__lt=timezone.now() - older_than
    ).delete()
    return deleted
