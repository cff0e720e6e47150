"""Sends: once per article unless confirmed, retries with backoff, refusals, cancel,
the daily briefing, the rate, and who may send."""

from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from unittest import mock

from django.contrib.auth.models import Group
from django.core import mail
from django.utils import timezone

import pytest

from masthead.news.tests.factories import ArticlePageFactory
from masthead.newsletters import briefing, handover, jobs, sending
from masthead.newsletters.models import Delivery, Newsletter, Send, Subscriber
from masthead.users.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture
def article(section):
    return ArticlePageFactory(parent=section, title="Bridge reopens")


def create(article, breaking, capture, **options) -> Send:
    with capture(execute=True):
        send = jobs.send_article(newsletter=breaking, article=article, user=None, **options)
    send.refresh_from_db()
    return send


def test_an_article_goes_once_unless_confirmed(
    article, breaking, subscribed, django_capture_on_commit_callbacks
):
    subscribed(3)
    send = create(article, breaking, django_capture_on_commit_callbacks)
    assert send.status == Send.Status.DONE and len(mail.outbox) == 3
    assert mail.outbox[0].extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    with pytest.raises(sending.AlreadySent):
        create(article, breaking, django_capture_on_commit_callbacks)
    create(article, breaking, django_capture_on_commit_callbacks, again=True)
    assert len(mail.outbox) == 6


def test_unconfirmed_and_bounced_addresses_get_nothing(
    article, breaking, subscribed, django_capture_on_commit_callbacks
):
    first, second, third = subscribed(3)
    Subscriber.objects.filter(pk=first.pk).update(confirmed_at=None)
    Subscriber.objects.filter(pk=second.pk).update(bounced_at=timezone.now())
    create(article, breaking, django_capture_on_commit_callbacks)
    assert [m.to for m in mail.outbox] == [[third.email]]


def test_a_draft_goes_out_when_published(
    section, breaking, subscribed, django_capture_on_commit_callbacks
):
    subscribed(1)
    draft = ArticlePageFactory(parent=section, title="Later", live=False)
    send = create(draft, breaking, django_capture_on_commit_callbacks)
    assert send.status == Send.Status.SCHEDULED
    jobs.due_work()
    assert not mail.outbox and Send.objects.get(pk=send.pk).status == Send.Status.SCHEDULED
    draft.save_revision().publish()
    with django_capture_on_commit_callbacks(execute=True):
        jobs.due_work()
    assert len(mail.outbox) == 1


def failing(exception):
    def deliver(self, message, mark):
        raise exception

    return mock.patch.object(handover.Courier, "deliver", deliver)


def started(article, breaking) -> Send:
    send = Send.objects.create(
        newsletter=breaking, article=article, subject="s", send_at=timezone.now()
    )
    assert sending.send_start(send.pk)
    return send


def test_server_errors_are_retried_with_backoff_then_failed(article, breaking, subscribed):
    subscribed(1)
    send = started(article, breaking)
    with failing(handover.Transient("451 try later")):
        for attempt in range(1, sending.MAX_ATTEMPTS + 1):
            assert sending.deliver_batch(send.pk) == 1
            delivery = Delivery.objects.get(send=send)
            assert delivery.attempts == attempt
            if attempt < sending.MAX_ATTEMPTS:
                assert delivery.state == Delivery.State.WAITING
                wait = delivery.not_before - timezone.now()
                assert timedelta(seconds=50 * 2 ** (attempt - 1)) < wait
                assert sending.deliver_batch(send.pk) == 0  # not before its time
                Delivery.objects.update(not_before=timezone.now())
    assert Delivery.objects.get(send=send).state == Delivery.State.FAILED
    assert sending.send_finish_if_done(send.pk)


def test_a_permanent_refusal_is_marked_on_the_subscriber(article, breaking, subscribed):
    [subscriber] = subscribed(1)
    send = started(article, breaking)
    with failing(handover.Permanent("550 no such user")):
        sending.deliver_batch(send.pk)
    subscriber.refresh_from_db()
    assert subscriber.bounced_at and "550" in subscriber.last_error
    assert Delivery.objects.get(send=send).state == Delivery.State.FAILED


def test_real_smtp_refusals(article, breaking, subscribed, smtp):
    [subscriber] = subscribed(1)
    send = started(article, breaking)
    smtp.refused.add(subscriber.email)
    sending.deliver_batch(send.pk)
    assert Subscriber.objects.get(pk=subscriber.pk).bounced_at
    assert smtp.messages == []


def test_cancel_stops_a_send(article, breaking, subscribed):
    subscribed(5)
    send = started(article, breaking)
    sending.send_cancel(send)
    assert sending.deliver_batch(send.pk) == -1
    assert not mail.outbox
    assert sending.send_progress(send.pk)["cancelled"] == 5


def test_a_dead_workers_claim_is_taken_over_after_its_lease(
    article, breaking, subscribed, settings
):
    subscribed(4)
    send = started(article, breaking)
    claim = sending.claim_batch(send.pk, 2)
    assert len(claim.rows) == 2
    assert sending.deliver_batch(send.pk) == 2  # the two others only
    assert len(mail.outbox) == 2
    Delivery.objects.filter(claimed_by=claim.token).update(not_before=timezone.now())
    Send.objects.filter(pk=send.pk).update(heartbeat_at=timezone.now() - timedelta(hours=1))
    assert jobs.resume_orphaned_sends() == [send.pk]
    assert len(mail.outbox) == 4 and Send.objects.get(pk=send.pk).status == Send.Status.DONE


def test_a_send_is_shared_by_several_tasks_unless_rate_limited(
    article, breaking, subscribed, settings
):
    settings.MASTHEAD_NEWSLETTER_BATCH = 2
    settings.MASTHEAD_NEWSLETTER_TASKS = 4
    settings.MASTHEAD_NEWSLETTER_RATE = 0
    subscribed(5)
    send = started(article, breaking)
    assert sending.delivery_tasks(send.pk) == 3  # three batches
    settings.MASTHEAD_NEWSLETTER_RATE = 10
    assert sending.delivery_tasks(send.pk) == 1  # the rate is the send's, not each task's


def test_the_rate_paces_messages(article, breaking, subscribed, settings):
    settings.MASTHEAD_NEWSLETTER_RATE = 10
    subscribed(3)
    send = started(article, breaking)
    clock = [1000.0]
    with (
        mock.patch("masthead.newsletters.sending.time.monotonic", lambda: clock[0]),
        mock.patch(
            "masthead.newsletters.sending.time.sleep",
            lambda seconds: clock.__setitem__(0, clock[0] + seconds),
        ),
    ):
        sending.deliver_batch(send.pk)
    # Three messages at 10 a second: the third goes 0.2 s after the first.
    assert clock[0] == pytest.approx(1000.2)


def test_the_daily_briefing(section, breaking, subscribed, django_capture_on_commit_callbacks):
    daily = Newsletter.objects.create(name="Daily", slug="daily", kind="daily", send_hour=0)
    noon = timezone.now().replace(hour=12)
    assert briefing.briefings_due(noon) == []  # no article today: skipped
    ArticlePageFactory(parent=section, title="Today's story", publication_date=noon)
    [send] = briefing.briefings_due(noon)
    assert "Today's story" in send.text and send.newsletter == daily
    assert briefing.briefings_due(noon) == []  # once a day
    subscriber = Subscriber.objects.create(email="early@example.org", confirmed_at=noon)
    daily.subscriptions.create(subscriber=subscriber)
    jobs.due_work()
    assert [m.subject for m in mail.outbox] == [send.subject]


def test_only_editors_and_administrators_send(client, article):
    url = f"/admin/newsletters/send/{article.pk}/"
    for group, allowed in [
        ("Editors", True),
        ("Administrators", True),
        ("Writers", False),
        ("Moderators", False),
    ]:
        user = User.objects.create_user(username=group, password="x", email=f"{group}@example.org")
        user.groups.add(Group.objects.get(name=group))
        client.force_login(user)
        assert (client.get(url).status_code == 200) is allowed, group
        sends = client.get("/admin/newsletters/sends/")
        assert (sends.status_code == 200) is allowed, group
        menu = client.get(f"/admin/pages/{article.pk}/edit/").content.decode()
        assert (f'href="{url}"' in menu) is allowed, group


def test_a_tasks_threads_share_one_pace():
    pace = sending.Pace(1000)
    started_at = pace.next_at
    with ThreadPoolExecutor(4) as pool:
        list(pool.map(lambda _n: pace.wait(), range(40)))
    # Forty slots taken one after the other, whichever thread took each: none shared.
    assert pace.next_at >= started_at + 40 * pace.gap
