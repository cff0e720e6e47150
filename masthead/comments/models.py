from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

NAME_MAX_LENGTH = 80
BODY_MAX_LENGTH = 4000


class Moderation(models.TextChoices):
    ALL = "all", _("Hold every comment for a moderator")
    FIRST_TIME = "first_time", _("Hold comments from first-time commenters")
    NONE = "none", _("Publish comments at once")


@register_setting(icon="comment")
class CommentSettings(BaseSiteSetting):
    moderation = models.CharField(
        _("moderation"), max_length=20, choices=Moderation.choices, default=Moderation.FIRST_TIME
    )
    max_links = models.PositiveSmallIntegerField(
        _("most links in a comment"),
        default=2,
        help_text=_("Comments with more links are refused."),
    )
    blocked_words = models.TextField(
        _("blocked words"),
        blank=True,
        help_text=_("One word or phrase per line. Comments that contain one are refused."),
    )

    panels = [FieldPanel("moderation"), FieldPanel("max_links"), FieldPanel("blocked_words")]

    class Meta:
        verbose_name = _("comment settings")

    def blocked_word_list(self) -> list[str]:
        return [line.strip().casefold() for line in self.blocked_words.splitlines() if line.strip()]


class Comment(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        SPAM = "spam", _("Spam")

    article = models.ForeignKey(
        "news.ArticlePage",
        on_delete=models.CASCADE,
        related_name="comments",
        verbose_name=_("article"),
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="replies",
        verbose_name=_("in reply to"),
    )
    name = models.CharField(_("name"), max_length=NAME_MAX_LENGTH)
    email = models.EmailField(_("e-mail"), blank=True, db_index=True)
    body = models.TextField(_("comment"), max_length=BODY_MAX_LENGTH, blank=True)
    rating = models.PositiveSmallIntegerField(_("rating"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    user = models.ForeignKey(
        "users.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="comments"
    )
    is_staff = models.BooleanField(_("written by staff"), default=False)
    reader_key = models.CharField(max_length=64, editable=False)
    address_hash = models.CharField(max_length=64, blank=True, editable=False)
    submission_id = models.CharField(
        max_length=64, unique=True, null=True, blank=True, editable=False
    )
    created_at = models.DateTimeField(_("posted"), auto_now_add=True, db_index=True)
    moderated_at = models.DateTimeField(_("moderated"), null=True, blank=True)

    # As a snippet, every saved comment would add a row to Wagtail's reference index
    # ("used by" in the admin), a million rows at a million comments, and a query and
    # an insert to every post. An article's comments are listed by the moderation queue.
    wagtail_reference_index_ignore = True

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        # Exporting and erasing a reader's comments and e-mail (Settings → Readers' data):
        # personal data, kept to Administrators (masthead/editorial/roles.py).
        permissions = [("manage_reader_data", _("Can export and erase readers' data"))]
        indexes = [
            models.Index(
                fields=["article", "status", "parent", "created_at"], name="comment_thread"
            ),
            # "Has this reader an approved comment?" decides pre-moderation on every post.
            models.Index(fields=["reader_key", "status"], name="comment_reader_status"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5),
                name="comment_rating_1_to_5",
            ),
        ]

    def __str__(self) -> str:
        excerpt = self.body[:60] + ("…" if len(self.body) > 60 else "")
        return f"{self.name}: {excerpt}" if excerpt else f"{self.name}: {self.rating}★"


class Rating(models.Model):
    """The rating one reader gives one article: the only rows the summary counts.

    A rating sent alone is stored at once; one sent with a comment is stored when the
    comment is approved, and goes when that comment is removed.
    """

    article = models.ForeignKey(
        "news.ArticlePage", on_delete=models.CASCADE, related_name="ratings"
    )
    reader_key = models.CharField(max_length=64)
    value = models.PositiveSmallIntegerField()
    comment = models.ForeignKey(
        Comment, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    address_hash = models.CharField(max_length=64, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["article", "reader_key"], name="one_rating_per_reader"),
            models.CheckConstraint(condition=Q(value__gte=1, value__lte=5), name="rating_1_to_5"),
        ]

    def __str__(self) -> str:
        return f"{self.value}★ on article {self.article_id}"


class ArticleFeedback(models.Model):
    """Per-article totals of approved comments and counted ratings, kept for fast reads.

    Changed only under this row's lock, in the transaction that writes the comment or
    rating it counts (moved by each write, or recounted from the rows after deletions),
    so it cannot drift, whatever the order concurrent posts commit in.
    """

    article = models.OneToOneField(
        "news.ArticlePage", on_delete=models.CASCADE, related_name="feedback"
    )
    comment_count = models.PositiveIntegerField(default=0, db_index=True)
    thread_count = models.PositiveIntegerField(default=0)
    rating_count = models.PositiveIntegerField(default=0)
    rating_total = models.PositiveIntegerField(default=0)
    # Stored (not only derived) so "top rated" can be read from an index.
    rating_average = models.FloatField(default=0, db_index=True)
    stars_1 = models.PositiveIntegerField(default=0)
    stars_2 = models.PositiveIntegerField(default=0)
    stars_3 = models.PositiveIntegerField(default=0)
    stars_4 = models.PositiveIntegerField(default=0)
    stars_5 = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("article feedback")

    def __str__(self) -> str:
        return f"Feedback on article {self.article_id}"

    @property
    def average(self) -> float | None:
        return round(self.rating_total / self.rating_count, 1) if self.rating_count else None

    @property
    def histogram(self) -> list[tuple[int, int]]:
        return [(stars, getattr(self, f"stars_{stars}")) for stars in range(5, 0, -1)]


class SubmissionReceipt(models.Model):
    """The one use of a form token: its submission id, and a digest of what it sent.

    A token is good for one submission (a rating, a comment, or both). Its receipt is
    written in the transaction that stores the submission, and the unique id refuses a
    second use whoever sends it, with or without the reader's cookie; the digest tells
    a resend of the same content (answered as the first) from a reuse (refused).
    Receipts older than a form token's lifetime guard nothing and may be pruned.
    """

    submission_id = models.CharField(max_length=64, unique=True)
    article_id = models.PositiveIntegerField()
    digest = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    def __str__(self) -> str:
        return f"Submission {self.submission_id} on article {self.article_id}"
