"""Background work, on the task queue (settings.TASKS): a worker sends the mail, so a
slow mail server never slows a reader's post."""

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from django_tasks import task

MODERATORS_GROUP = "Moderators"
# Moderators get at most one e-mail in this many seconds, however many comments arrive.
NOTIFY_INTERVAL = 600
NOTIFY_KEY = "comments:moderators-notified"


def notify_moderators_soon(comment_id: int) -> None:
    """After commit, e-mail the moderators, unless they were e-mailed in the last interval.

    A busy article brings comments in bursts; one message saying how many wait is more
    use to a moderator than one per comment, and keeps posting fast.
    """
    if cache.add(NOTIFY_KEY, True, timeout=NOTIFY_INTERVAL):
        transaction.on_commit(lambda: notify_moderators.enqueue(comment_id))


@task()
def notify_moderators(comment_id: int) -> int:
    """E-mail the moderators that comments are waiting; returns how many were told."""
    from .models import Comment

    comment = Comment.objects.select_related("article").filter(pk=comment_id).first()
    group = Group.objects.filter(name=MODERATORS_GROUP).first()
    if comment is None or group is None:
        return 0
    pending = Comment.objects.filter(status=Comment.Status.PENDING).count()
    recipients = list(
        group.user_set.filter(is_active=True).exclude(email="").values_list("email", flat=True)
    )
    if not recipients:
        return 0
    queue_url = (
        settings.WAGTAILADMIN_BASE_URL
        + reverse("wagtailsnippets_comments_comment:list")
        + "?status=pending"
    )
    send_mail(
        subject=_("Comments waiting for moderation: %(count)d") % {"count": pending},
        message=_("%(name)s commented on “%(article)s”:\n\n%(body)s\n\nModeration queue: %(url)s")
        % {
            "name": comment.name,
            "article": comment.article.title,
            "body": comment.body,
            "url": queue_url,
        },
        from_email=None,
        recipient_list=recipients,
    )
    return len(recipients)
