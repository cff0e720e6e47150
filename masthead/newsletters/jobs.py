"""Putting sends on the queue: an editor's send, the scheduler's tick, a dead worker's send.

The services (sending.py, briefing.py) write rows; this module decides when the task
queue takes them (settings.MASTHEAD_SCHEDULED_JOBS runs `due_work()` on every tick).
"""

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from . import briefing, sending
from .models import Send
from .tasks import deliver_send, start_send


def send_article(*, newsletter, article, user, send_at=None, again: bool = False) -> Send:
    """Create the send (sending.send_create) and queue it once it is due and live."""
    send = sending.send_create(
        newsletter=newsletter, article=article, user=user, send_at=send_at, again=again
    )
    if article.live and send.send_at <= timezone.now():
        transaction.on_commit(lambda: start_send.enqueue(send.pk))
    return send


def due_work() -> None:
    """The scheduler's tick: start due sends, resume orphaned ones, the daily briefings."""
    now = timezone.now()
    due = Send.objects.filter(status=Send.Status.SCHEDULED, send_at__lte=now).filter(
        Q(article__isnull=True) | Q(article__live=True)  # a draft's send waits for it
    )
    for send_id in due.values_list("pk", flat=True):
        start_send.enqueue(send_id)
    resume_orphaned_sends(now)
    for send in briefing.briefings_due(now):
        start_send.enqueue(send.pk)


def resume_orphaned_sends(now=None) -> list[int]:
    """Sends whose worker stopped (killed, restarted) without finishing: queue them again.

    Safe from several hosts at once: only the one whose update wins queues the send.
    """
    now = now or timezone.now()
    stale = Send.objects.filter(status=Send.Status.SENDING, heartbeat_at__lt=now - sending.lease())
    resumed = []
    for send_id in stale.values_list("pk", flat=True):
        if Send.objects.filter(pk=send_id, heartbeat_at__lt=now - sending.lease()).update(
            heartbeat_at=now
        ):
            deliver_send.enqueue(send_id)
            resumed.append(send_id)
    return resumed
