"""Sends: created by an editor or the daily briefing, started when due, delivered in batches.

Exactly once: each recipient has a delivery row. A worker claims a batch of rows for a
lease, commits each row as sent as it hands the message over (handover.py), and a row
whose worker died is claimed again when its lease ends, while rows already sent are
never claimed again. Workers may run side by side on one send; claims never overlap.
A worker sends from a claim only during the first half of its lease (Claim), so that
the lease is never what makes a row another's while its message goes.
"""

import logging
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial

from django.conf import settings
from django.db import connections, transaction
from django.db.models import Count, F, Min, Q
from django.utils import timezone

from masthead.core.db import write_statement
from masthead.news.models import ArticlePage
from masthead.pagecache.invalidation import pages_changed

from . import mail, wire
from .commit import sent_mark
from .handover import Courier, Permanent, Superseded, Transient, uses_smtp
from .models import Delivery, Newsletter, Send, Subscriber
from .selectors import archive_dependency

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
# A failed message waits 1, 2, 4, 8 minutes before its next try, then is marked failed.
BACKOFF_SECONDS = 60
HEARTBEAT_EVERY = 50
INSERT_CHUNK = 5000


class AlreadySent(Exception):
    """This article went to this list already: sending again needs a confirmation."""


def lease() -> timedelta:
    return timedelta(seconds=settings.MASTHEAD_NEWSLETTER_LEASE)


def send_create(
    *, newsletter: Newsletter, article: ArticlePage, user, send_at=None, again: bool = False
) -> Send:
    """A send of `article` to `newsletter`, started at `send_at` (or once it is published)."""
    earlier = Send.objects.filter(newsletter=newsletter, article=article).exclude(
        status=Send.Status.CANCELLED
    )
    if earlier.exists() and not again:
        raise AlreadySent
    when = send_at or article.go_live_at or timezone.now()
    send = Send.objects.create(
        newsletter=newsletter,
        article=article,
        subject=mail.clean_header(article.title),
        send_at=max(when, timezone.now()),
        created_by=user,
    )
    return send


def recipients(newsletter: Newsletter):
    return Subscriber.objects.filter(
        subscriptions__newsletter=newsletter, confirmed_at__isnull=False, bounced_at__isnull=True
    )


def send_start(send_id: int) -> bool:
    """Render the issue and write one delivery row per recipient; False if not to start."""
    with transaction.atomic():
        send = Send.objects.select_for_update().select_related("newsletter").get(pk=send_id)
        if send.status != Send.Status.SCHEDULED:
            return False
        if send.article_id and not render_article(send):
            return False  # not live (yet): the scheduler tries again
        ids = recipients(send.newsletter).order_by("pk").values_list("pk", flat=True).iterator()
        chunk = []
        for subscriber_id in ids:
            chunk.append(Delivery(send=send, subscriber_id=subscriber_id))
            if len(chunk) == INSERT_CHUNK:
                Delivery.objects.bulk_create(chunk)
                chunk = []
        Delivery.objects.bulk_create(chunk)
        send.status = Send.Status.SENDING
        send.heartbeat_at = timezone.now()
        send.save(update_fields=["status", "heartbeat_at", "html", "text", "subject"])
    return True


def delivery_tasks(send_id: int) -> int:
    """How many tasks deliver a send: one per batch, at most MASTHEAD_NEWSLETTER_TASKS.

    One when MASTHEAD_NEWSLETTER_RATE is set: a provider's limit is the account's, and
    tasks side by side would each go at the rate.
    """
    if settings.MASTHEAD_NEWSLETTER_RATE > 0:
        return 1
    rows = Delivery.objects.filter(send_id=send_id, state=Delivery.State.WAITING).count()
    batches = -(-rows // settings.MASTHEAD_NEWSLETTER_BATCH)
    return max(1, min(batches, settings.MASTHEAD_NEWSLETTER_TASKS))


def render_article(send: Send) -> bool:
    article = ArticlePage.objects.live().filter(pk=send.article_id).first()
    if article is None:
        return False
    issue = mail.render_issue(send.newsletter, [article], subject=article.title, full=True)
    send.html, send.text, send.subject = issue.html, issue.text, mail.clean_header(issue.subject)
    return True


@dataclass
class Claim:
    """A batch of rows, this worker's until `until` (their lease's end, in its clock)."""

    token: str
    rows: list[Delivery]
    until: datetime

    def running_out(self) -> bool:
        """Past the first half of the lease: the rest is released and claimed anew.

        A row's UPDATE may only be answered after its final "." went (commit.py), so it
        cannot be what tells this worker that the lease ended and another took the row:
        half the lease is left for a stalled process and the hosts' clocks to disagree.
        """
        return timezone.now() >= self.until - lease() / 2


def claim_batch(send_id: int, size: int) -> Claim:
    """Claim up to `size` rows ready to send, for a lease; rows already sent are never taken."""
    now, token = timezone.now(), uuid.uuid4().hex
    ready = Q(send_id=send_id) & (
        Q(state=Delivery.State.WAITING, not_before__isnull=True)
        | Q(state=Delivery.State.WAITING, not_before__lte=now)
        | Q(state=Delivery.State.CLAIMED, not_before__lte=now)
    )
    chosen = Delivery.objects.filter(ready).order_by("pk").values("pk")[:size]
    # `ready` again outside the subquery: PostgreSQL re-checks it on a row another
    # worker claimed meanwhile, so two claims never overlap.
    with write_statement():
        Delivery.objects.filter(ready, pk__in=chosen).update(
            state=Delivery.State.CLAIMED, claimed_by=token, not_before=now + lease()
        )
    batch = Delivery.objects.filter(claimed_by=token, state=Delivery.State.CLAIMED)
    return Claim(token, list(batch.select_related("subscriber").order_by("pk")), now + lease())


def mark_retry(delivery: Delivery, token: str, error: str) -> None:
    attempts = delivery.attempts + 1
    rows = Delivery.objects.filter(pk=delivery.pk, claimed_by=token)
    if attempts >= MAX_ATTEMPTS:
        rows.update(state=Delivery.State.FAILED, attempts=attempts, error=error)
        return
    wait = timedelta(seconds=BACKOFF_SECONDS * 2 ** (attempts - 1))
    rows.update(
        state=Delivery.State.WAITING,
        attempts=attempts,
        error=error,
        not_before=timezone.now() + wait,
    )


def mark_refused(delivery: Delivery, token: str, error: str) -> None:
    """A permanent refusal: this message failed, and the address gets no more."""
    Delivery.objects.filter(pk=delivery.pk, claimed_by=token).update(
        state=Delivery.State.FAILED, attempts=F("attempts") + 1, error=error
    )
    Subscriber.objects.filter(pk=delivery.subscriber_id).update(
        bounced_at=timezone.now(), last_error=error
    )


def release(token: str) -> None:
    Delivery.objects.filter(claimed_by=token, state=Delivery.State.CLAIMED).update(
        state=Delivery.State.WAITING, not_before=None
    )


class Pace:
    """At most `rate` messages a second (0: no limit), shared by a task's threads."""

    def __init__(self, rate: float):
        self.gap = 1 / rate if rate > 0 else 0
        self.next_at = time.monotonic()
        self.lock = threading.Lock()

    def wait(self) -> None:
        if not self.gap:
            return
        with self.lock:  # each caller takes the next slot; the sleeping is done outside
            now = time.monotonic()
            slot = max(self.next_at, now)
            self.next_at = slot + self.gap
        if slot > now:
            time.sleep(slot - now)


def deliver_side_by_side(send_id: int) -> list[int]:
    """Batches delivered by MASTHEAD_NEWSLETTER_CONNECTIONS threads, each with an SMTP and
    a database connection of its own; each thread's count of rows, -1 if the send stopped.

    One connection waits on the server's reply to each command most of the time: side by
    side, a worker keeps several busy. Each thread claims batches like a worker of its
    own would, so the claims never overlap. With MASTHEAD_NEWSLETTER_RATE set, the
    threads share one pace (the send is one task then: the rate is the send's). One
    thread for backends that are not SMTP (the console's messages would mix).
    """
    lanes = settings.MASTHEAD_NEWSLETTER_CONNECTIONS
    pace = Pace(settings.MASTHEAD_NEWSLETTER_RATE)
    if lanes <= 1 or not uses_smtp():
        return [deliver_batches(send_id, pace)]
    with ThreadPoolExecutor(lanes, thread_name_prefix="masthead-send") as pool:
        return list(pool.map(partial(deliver_batches_in_thread, pace=pace), [send_id] * lanes))


def deliver_batches_in_thread(send_id: int, pace: Pace) -> int:
    try:
        return deliver_batches(send_id, pace)
    finally:
        connections.close_all()  # this thread's own


def deliver_batches(send_id: int, pace: Pace) -> int:
    """Batch after batch until none is ready: the rows taken, or -1 if the send stopped."""
    total = 0
    while (taken := deliver_batch(send_id, pace)) > 0:
        total += taken
    return -1 if taken < 0 else total


def deliver_batch(send_id: int, pace: Pace | None = None) -> int:
    """Send one claimed batch; returns how many rows it took (-1: the send is not sending)."""
    send = Send.objects.select_related("newsletter").get(pk=send_id)
    if send.status != Send.Status.SENDING:
        return -1
    claim = claim_batch(send_id, settings.MASTHEAD_NEWSLETTER_BATCH)
    if not claim.rows:
        return 0
    try:
        courier = Courier().__enter__()
    except OSError as error:  # the mail server is down: the whole batch waits a while
        Delivery.objects.filter(claimed_by=claim.token, state=Delivery.State.CLAIMED).update(
            state=Delivery.State.WAITING,
            not_before=timezone.now() + timedelta(seconds=BACKOFF_SECONDS),
            error=str(error)[:300],
        )
        return 0
    with courier:
        hand_over(courier, send, claim, pace or Pace(settings.MASTHEAD_NEWSLETTER_RATE))
    release(claim.token)  # what a cancel, the lease's half or a lost row left unsent
    return len(claim.rows)


def hand_over(courier: Courier, send: Send, claim: Claim, pace: Pace) -> None:
    """Each message of a claimed batch, one after the other on the courier's connection,
    until the claim runs out or a row turns out not to be its own."""
    copy = Copier(send) if courier.smtp else None
    for number, delivery in enumerate(claim.rows):
        if number % HEARTBEAT_EVERY == 0 and not still_sending(send.pk):
            break
        pace.wait()
        if claim.running_out() or not deliver_one(courier, send, delivery, claim.token, copy):
            break


def deliver_one(courier: Courier, send: Send, delivery: Delivery, token: str, copy) -> bool:
    """Hand one message over (SMTP: `copy`'s bytes); False if its row was no longer this
    claim's (the send cancelled, the lease lost, the reader erased): the batch stops."""
    mark = sent_mark(delivery, token)
    try:
        if copy:
            courier.deliver_bytes(*copy(delivery), mark=mark)
        else:
            courier.deliver(mail.issue_message(send, delivery.subscriber), mark=mark)
    except Superseded:
        return False
    except Permanent as error:
        mark_refused(delivery, token, str(error))
    except Transient as error:
        mark_retry(delivery, token, str(error))
    return True


class Copier:
    """A send's copies for SMTP; called with a delivery, (sender, recipient, bytes)."""

    def __init__(self, send: Send):
        self.copies = mail.Copies(send)
        self.sender = wire.envelope_address(settings.DEFAULT_FROM_EMAIL)

    def __call__(self, delivery: Delivery) -> tuple[str, str, bytes]:
        subscriber = delivery.subscriber
        return self.sender, wire.ascii_address(subscriber.email), self.copies(subscriber)


def still_sending(send_id: int) -> bool:
    """The heartbeat, and whether an editor cancelled the send meanwhile."""
    return bool(
        Send.objects.filter(pk=send_id, status=Send.Status.SENDING).update(
            heartbeat_at=timezone.now()
        )
    )


def send_progress(send_id: int) -> dict[str, int]:
    counts = dict(
        Delivery.objects.filter(send_id=send_id)
        .values_list("state")
        .annotate(n=Count("pk"))
        .values_list("state", "n")
    )
    return {state: counts.get(state, 0) for state in Delivery.State.values}


def send_finish_if_done(send_id: int) -> bool:
    """Mark the send done when no row is left to send; True if it is."""
    open_rows = Delivery.objects.filter(
        send_id=send_id, state__in=[Delivery.State.WAITING, Delivery.State.CLAIMED]
    )
    if open_rows.exists():
        return False
    if Send.objects.filter(pk=send_id, status=Send.Status.SENDING).update(
        status=Send.Status.DONE, finished_at=timezone.now()
    ):
        send_archived(send_id)
    return True


def send_archived(send_id: int) -> None:
    """A send is done: its list's archive shows one more issue (state changes here are
    updates, which send no signal)."""
    slug = Send.objects.filter(pk=send_id).values_list("newsletter__slug", flat=True).first()
    if slug:
        pages_changed(archive_dependency(slug))


def next_ready_at(send_id: int):
    """When the earliest row still open can be claimed (a retry's backoff, a lease's end)."""
    return Delivery.objects.filter(
        send_id=send_id, state__in=[Delivery.State.WAITING, Delivery.State.CLAIMED]
    ).aggregate(at=Min("not_before"))["at"]


def send_cancel(send: Send) -> None:
    """Stop a send: what waits is never sent; each connection stops at its next message
    (on PostgreSQL, once that message went: commit.py), the heartbeat at the latest."""
    with transaction.atomic():
        Send.objects.filter(
            pk=send.pk, status__in=[Send.Status.SCHEDULED, Send.Status.SENDING]
        ).update(status=Send.Status.CANCELLED, finished_at=timezone.now())
        Delivery.objects.filter(send=send, state=Delivery.State.WAITING).update(
            state=Delivery.State.CANCELLED
        )
