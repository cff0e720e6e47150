"""Newsletters, their subscribers, and each send with one delivery row per recipient.

A delivery row's state is the whole truth about one message: it is committed before the
message is handed over and after, so a worker killed in between resumes where it was
(masthead/newsletters/sending.py).
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel

EMAIL_MAX_LENGTH = 254


def new_secret() -> str:
    return secrets.token_urlsafe(16)


class Newsletter(models.Model):
    class Kind(models.TextChoices):
        ARTICLES = "articles", _("Articles, sent one by one by an editor")
        DAILY = "daily", _("A daily briefing of the day's articles")

    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    description = models.TextField(_("description"), blank=True, max_length=500)
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.ARTICLES)
    section = models.ForeignKey(
        "news.SectionPage",
        verbose_name=_("section it follows"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The daily briefing takes only this section's articles; empty: every section."),
    )
    tag = models.CharField(
        _("tag it follows"),
        max_length=100,
        blank=True,
        help_text=_("The daily briefing takes only articles with this tag; empty: any."),
    )
    is_public = models.BooleanField(
        _("public"), default=True, help_text=_("Offered in the sign-up forms and archived.")
    )
    send_hour = models.PositiveSmallIntegerField(
        _("hour of the daily briefing"),
        default=7,
        help_text=_("In the site's time zone, 0 to 23."),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("description"),
        FieldPanel("language"),
        FieldPanel("kind"),
        FieldPanel("section"),
        FieldPanel("tag"),
        FieldPanel("is_public"),
        FieldPanel("send_hour"),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = _("newsletter")
        verbose_name_plural = _("newsletters")
        permissions = [("send_newsletter", _("Can send a newsletter"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(send_hour__lte=23), name="newsletter_send_hour_in_day"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Subscriber(models.Model):
    email = models.EmailField(_("e-mail address"), max_length=EMAIL_MAX_LENGTH, unique=True)
    # Signs this subscriber's links; a new one (after an erasure) voids every old link.
    secret = models.CharField(max_length=32, default=new_secret, editable=False)
    created_at = models.DateTimeField(_("signed up"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    bounced_at = models.DateTimeField(
        _("undeliverable since"),
        null=True,
        blank=True,
        help_text=_("A permanent delivery failure, a hard bounce or a complaint."),
    )
    last_error = models.CharField(_("last delivery error"), max_length=300, blank=True)

    class Meta:
        ordering = ["email"]
        verbose_name = _("subscriber")
        verbose_name_plural = _("subscribers")

    def __str__(self) -> str:
        return self.email

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None


class Subscription(models.Model):
    subscriber = models.ForeignKey(
        Subscriber, on_delete=models.CASCADE, related_name="subscriptions"
    )
    newsletter = models.ForeignKey(
        Newsletter, on_delete=models.CASCADE, related_name="subscriptions"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["subscriber", "newsletter"], name="one_subscription_per_list"
            )
        ]

    def __str__(self) -> str:
        return f"{self.subscriber_id} → {self.newsletter_id}"


class Send(models.Model):
    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        SENDING = "sending", _("Sending")
        DONE = "done", _("Sent")
        CANCELLED = "cancelled", _("Cancelled")

    newsletter = models.ForeignKey(Newsletter, on_delete=models.PROTECT, related_name="sends")
    article = models.ForeignKey(
        "news.ArticlePage", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The day of a daily briefing: at most one per list and day.
    day = models.DateField(null=True, blank=True)
    subject = models.CharField(_("subject"), max_length=200)
    # The message as rendered once: each recipient's copy only differs by its links.
    html = models.TextField(blank=True)
    text = models.TextField(blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.SCHEDULED
    )
    send_at = models.DateTimeField(_("send at"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # When a worker last made progress: a send whose worker died is resumed after a lease.
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-send_at"]
        verbose_name = _("send")
        verbose_name_plural = _("sends")
        constraints = [
            models.UniqueConstraint(
                fields=["newsletter", "day"],
                condition=Q(day__isnull=False),
                name="one_briefing_per_list_and_day",
            )
        ]

    def __str__(self) -> str:
        return self.subject


class Delivery(models.Model):
    class State(models.TextChoices):
        WAITING = "waiting", _("Waiting")
        CLAIMED = "claimed", _("Being sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        CANCELLED = "cancelled", _("Cancelled")

    send = models.ForeignKey(Send, on_delete=models.CASCADE, related_name="deliveries")
    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="+")
    state = models.CharField(max_length=10, choices=State.choices, default=State.WAITING)
    attempts = models.PositiveSmallIntegerField(default=0)
    # Not before: a retry's backoff, or a claim's lease when CLAIMED.
    not_before = models.DateTimeField(null=True, blank=True)
    claimed_by = models.CharField(max_length=40, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [
            models.UniqueConstraint(fields=["send", "subscriber"], name="one_delivery_per_send")
        ]
        indexes = [models.Index(fields=["send", "state"], name="delivery_send_state")]

    def __str__(self) -> str:
        return f"{self.send_id}/{self.subscriber_id}: {self.state}"
