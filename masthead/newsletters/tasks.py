"""The newsletters' background work, on the task queue (settings.TASKS)."""

from django.utils import timezone

from django_tasks import task, task_backends

from . import sending
from .mail import confirmation_message
from .models import Newsletter, Subscriber


@task()
def send_confirmation(subscriber_id: int, newsletter_ids: list[int]) -> bool:
    """The double opt-in mail: the only mail an address gets before it confirms."""
    subscriber = Subscriber.objects.filter(pk=subscriber_id).first()
    newsletters = list(Newsletter.objects.filter(pk__in=newsletter_ids))
    if subscriber is None or not newsletters:
        return False
    confirmation_message(subscriber, newsletters).send()
    return True


@task()
def start_send(send_id: int) -> bool:
    """Render the issue and write its delivery rows, then deliver (False: not yet due).

    The delivery goes on the queue as several tasks, so that as many workers share it;
    their claims never overlap, and a task that finds nothing to claim soon ends.
    """
    if not sending.send_start(send_id):
        return False
    for _ in range(sending.delivery_tasks(send_id)):
        deliver_send.enqueue(send_id)
    return True


@task()
def deliver_send(send_id: int) -> int:
    """Send batch after batch until none is ready; then finish, or come back when one is."""
    taken = sending.deliver_side_by_side(send_id)
    total = sum(count for count in taken if count > 0)
    if min(taken) < 0 or sending.send_finish_if_done(send_id):
        return total
    ready_at = sending.next_ready_at(send_id)
    if task_backends["default"].supports_defer and ready_at:
        deliver_send.using(run_after=max(ready_at, timezone.now())).enqueue(send_id)
    return total
