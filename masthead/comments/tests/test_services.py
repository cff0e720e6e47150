import random

from django.contrib.auth.models import Group
from django.core import mail

import pytest

from masthead.comments.models import ArticleFeedback, Comment, CommentSettings, Moderation, Rating
from masthead.comments.moderation import CommentModerator, CommentRefused
from masthead.comments.readers import Reader
from masthead.comments.selectors import article_feedback
from masthead.comments.services import (
    Submission,
    comment_set_status,
    comments_delete,
    feedback_recount,
    lock_feedback,
    reader_data_erase,
    reader_data_export,
    submission_accept,
)
from masthead.comments.tasks import MODERATORS_GROUP
from masthead.comments.tests.conftest import reader
from masthead.comments.tests.recount import stored_and_recounted


def submission(
    number: int = 0, *, body: str = "Well reported.", rating: int | None = None, **fields
) -> Submission:
    values = {
        "name": "Ana",
        "email": "",
        "body": body,
        "rating": rating,
        "parent_id": None,
        "submission_id": f"s{number}",
    }
    values.update(fields)
    return Submission(**values)


def newcomer() -> Reader:
    """A reader recognised by a cookie made for this request."""
    return Reader(key="cookie:new", address_hash="address-1", user=None, new_cookie_id="new")


@pytest.fixture
def moderator(home):
    def make(policy: str = Moderation.FIRST_TIME) -> CommentModerator:
        settings = CommentSettings.for_site(home.get_site())
        settings.moderation = policy
        return CommentModerator(settings)

    return make


def feedback(article) -> ArticleFeedback:
    return ArticleFeedback.objects.get(article=article)


def summary(article) -> tuple[int, float | None]:
    """As readers see it: an article whose only comments wait has no totals row yet."""
    row = article_feedback(article.pk)
    return row.rating_count, row.average


class TestRatings:
    def test_a_rating_alone_counts_at_once(self, article, moderator):
        outcome = submission_accept(
            article=article,
            submission=submission(body="", rating=4),
            reader=reader(1),
            moderator=moderator(),
        )
        assert outcome.comment is None and outcome.rating_counted
        assert summary(article) == (1, 4.0)

    def test_rating_again_changes_the_value_not_the_count(self, article, moderator):
        submission_accept(
            article=article,
            submission=submission(1, body="", rating=2),
            reader=reader(1),
            moderator=moderator(),
        )
        submission_accept(
            article=article,
            submission=submission(2, body="", rating=5),
            reader=reader(1),
            moderator=moderator(),
        )
        assert summary(article) == (1, 5.0)
        assert Rating.objects.count() == 1

    def test_two_readers_make_two_ratings(self, article, moderator):
        submission_accept(
            article=article,
            submission=submission(1, body="", rating=3),
            reader=reader(1),
            moderator=moderator(),
        )
        submission_accept(
            article=article,
            submission=submission(2, body="", rating=4),
            reader=reader(2),
            moderator=moderator(),
        )
        assert summary(article) == (2, 3.5)
        assert feedback(article).histogram == [(5, 0), (4, 1), (3, 1), (2, 0), (1, 0)]

    def test_a_rating_with_a_pending_comment_counts_once_it_is_approved(self, article, moderator):
        outcome = submission_accept(
            article=article,
            submission=submission(rating=4),
            reader=reader(1),
            moderator=moderator(),
        )
        assert outcome.pending and not outcome.rating_counted
        assert summary(article) == (0, None)
        comment_set_status(outcome.comment, Comment.Status.APPROVED)
        assert summary(article) == (1, 4.0)
        assert feedback(article).comment_count == 1

    @pytest.mark.parametrize("status", [Comment.Status.REJECTED, Comment.Status.SPAM])
    def test_removing_an_approved_comment_takes_its_rating_out_of_the_summary(
        self, article, moderator, status
    ):
        outcome = submission_accept(
            article=article,
            submission=submission(rating=5),
            reader=reader(1),
            moderator=moderator(Moderation.NONE),
        )
        assert summary(article) == (1, 5.0)
        comment_set_status(outcome.comment, status)
        assert summary(article) == (0, None)
        assert feedback(article).comment_count == 0

    def test_deleting_a_comment_updates_the_summary(self, article, moderator):
        outcome = submission_accept(
            article=article,
            submission=submission(rating=5),
            reader=reader(1),
            moderator=moderator(Moderation.NONE),
        )
        submission_accept(
            article=article,
            submission=submission(2, body="", rating=1),
            reader=reader(2),
            moderator=moderator(),
        )
        comments_delete([outcome.comment])
        assert summary(article) == (1, 1.0)


class TestComments:
    def test_first_comment_waits_and_moderators_are_emailed(
        self, article, moderator, django_user_model, django_capture_on_commit_callbacks
    ):
        moderator_user = django_user_model.objects.create_user("mod", "mod@example.org", "pw")
        moderator_user.groups.add(Group.objects.get(name=MODERATORS_GROUP))
        with django_capture_on_commit_callbacks(execute=True):
            outcome = submission_accept(
                article=article, submission=submission(), reader=reader(1), moderator=moderator()
            )
        assert outcome.pending
        assert [message.to for message in mail.outbox] == [["mod@example.org"]]
        assert "Talks end in Siem Reap" in mail.outbox[0].body

    def test_a_burst_of_pending_comments_sends_one_email(
        self, article, moderator, django_user_model, django_capture_on_commit_callbacks
    ):
        moderator_user = django_user_model.objects.create_user("mod", "mod@example.org", "pw")
        moderator_user.groups.add(Group.objects.get(name=MODERATORS_GROUP))
        with django_capture_on_commit_callbacks(execute=True):
            for number in range(5):
                submission_accept(
                    article=article,
                    submission=submission(number),
                    reader=reader(number),
                    moderator=moderator(),
                )
        assert len(mail.outbox) == 1
        assert mail.outbox[0].subject == "Comments waiting for moderation: 5"

    def test_the_same_submission_twice_is_stored_once(self, article, moderator):
        first = submission_accept(
            article=article, submission=submission(7), reader=reader(1), moderator=moderator()
        )
        again = submission_accept(
            article=article, submission=submission(7), reader=reader(1), moderator=moderator()
        )
        assert first.comment.pk == again.comment.pk
        assert Comment.objects.count() == 1

    def test_the_same_published_submission_twice_is_stored_and_counted_once(
        self, article, moderator
    ):
        for _ in range(2):
            outcome = submission_accept(
                article=article,
                submission=submission(7, rating=4),
                reader=reader(1),
                moderator=moderator(Moderation.NONE),
            )
            assert outcome.rating_counted and not outcome.pending
        assert Comment.objects.count() == 1
        assert (feedback(article).comment_count, summary(article)) == (1, (1, 4.0))
        before, recounted = stored_and_recounted(feedback(article))
        assert before == recounted

    def test_a_held_comment_is_written_alone_without_the_totals_lock(
        self, article, moderator, django_assert_num_queries
    ):
        held = moderator()
        # A savepoint here: the test runs inside a transaction of its own.
        with django_assert_num_queries(4):  # SAVEPOINT, INSERT receipt, INSERT comment, RELEASE
            outcome = submission_accept(
                article=article, submission=submission(), reader=newcomer(), moderator=held
            )
        assert outcome.pending
        assert not ArticleFeedback.objects.filter(article=article).exists()

    def test_a_reply_goes_under_an_approved_comment(self, article, moderator):
        parent = submission_accept(
            article=article,
            submission=submission(1),
            reader=reader(1),
            moderator=moderator(Moderation.NONE),
        ).comment
        reply = submission_accept(
            article=article,
            submission=submission(2, parent_id=parent.pk),
            reader=reader(2),
            moderator=moderator(Moderation.NONE),
        ).comment
        assert reply.parent == parent
        assert feedback(article).comment_count == 2
        assert feedback(article).thread_count == 1

    def test_replies_go_one_level_deep(self, article, moderator):
        parent = submission_accept(
            article=article,
            submission=submission(1),
            reader=reader(1),
            moderator=moderator(Moderation.NONE),
        ).comment
        reply = submission_accept(
            article=article,
            submission=submission(2, parent_id=parent.pk),
            reader=reader(2),
            moderator=moderator(Moderation.NONE),
        ).comment
        with pytest.raises(CommentRefused, match="not available"):
            submission_accept(
                article=article,
                submission=submission(3, parent_id=reply.pk),
                reader=reader(3),
                moderator=moderator(Moderation.NONE),
            )

    def test_staff_comment_under_their_own_name(self, article, moderator, admin_user):
        admin_user.first_name, admin_user.last_name = "Dara", "Sok"
        outcome = submission_accept(
            article=article,
            submission=submission(name="Someone else"),
            reader=reader(1, user=admin_user),
            moderator=moderator(Moderation.ALL),
        )
        assert outcome.comment.name == "Dara Sok"
        assert outcome.comment.is_staff and not outcome.pending

    def test_a_refused_comment_writes_nothing(self, article, moderator):
        with pytest.raises(CommentRefused):
            submission_accept(
                article=article,
                submission=submission(body="https://a.example https://b.example https://c.example"),
                reader=reader(1),
                moderator=moderator(),
            )
        assert Comment.objects.count() == 0


class TestReadersRights:
    def test_export_lists_every_comment_sent_with_an_address(self, article, moderator):
        submission_accept(
            article=article,
            submission=submission(1, email="Ana@Example.org", body="First"),
            reader=reader(1),
            moderator=moderator(),
        )
        submission_accept(
            article=article,
            submission=submission(2, email="other@example.org", body="Other"),
            reader=reader(2),
            moderator=moderator(),
        )
        export = reader_data_export("ana@example.org")
        assert [row["comment"] for row in export] == ["First"]
        assert export[0]["article"] == "Talks end in Siem Reap"

    def test_erasure_deletes_the_comments_and_their_ratings(self, article, moderator):
        submission_accept(
            article=article,
            submission=submission(1, email="ana@example.org", rating=5),
            reader=reader(1),
            moderator=moderator(Moderation.NONE),
        )
        submission_accept(
            article=article,
            submission=submission(2, email="other@example.org", rating=1),
            reader=reader(2),
            moderator=moderator(Moderation.NONE),
        )
        assert reader_data_erase("ana@example.org") == 1
        assert list(Comment.objects.values_list("email", flat=True)) == ["other@example.org"]
        assert summary(article) == (1, 1.0)


def test_recount_equals_the_rows(article, moderator):
    for number in range(5):
        submission_accept(
            article=article,
            submission=submission(number, body="", rating=number + 1),
            reader=reader(number),
            moderator=moderator(),
        )
    stored = summary(article)
    ArticleFeedback.objects.filter(article=article).update(rating_count=0, rating_total=0)
    feedback_recount(lock_feedback(article.pk))
    assert summary(article) == stored == (5, 3.0)


def test_totals_moved_by_posts_and_moderation_equal_a_recount(article, moderator, settings):
    """Posting and moderating add to the stored totals; they must end where a recount does."""
    settings.MASTHEAD_COMMENT_LIMITS = {"per_reader": 1000, "per_address": 1000}
    chance = random.Random(6)  # noqa: S311 - a seeded sequence, not a secret
    statuses = list(Comment.Status)
    for number in range(80):
        approved = list(Comment.objects.filter(status=Comment.Status.APPROVED, parent=None))
        replying = approved and chance.random() < 0.2
        submission_accept(
            article=article,
            submission=submission(
                number,
                body=chance.choice(["", "Well reported."]) if not replying else "Agreed.",
                rating=None if replying else chance.randint(1, 5),
                parent_id=chance.choice(approved).pk if replying else None,
            ),
            reader=reader(chance.randint(1, 30)),
            moderator=moderator(chance.choice(list(Moderation))),
        )
        comments = list(Comment.objects.all())
        if comments and chance.random() < 0.4:
            comment_set_status(chance.choice(comments), chance.choice(statuses))
    before, recounted = stored_and_recounted(feedback(article))
    assert before == recounted
    assert recounted[0] > 0 and recounted[2] > 0
