"""Sign-up, double opt-in, preferences and leaving, and every bad input on the way."""

import re

from django.core import mail
from django.core.cache import cache

import pytest

from masthead.newsletters import links
from masthead.newsletters.models import Newsletter, Subscriber, Subscription

pytestmark = pytest.mark.django_db
ADDRESS = "reader@example.org"
SAME_PAGE = "a message is on its way"


@pytest.fixture
def lists(home):
    return [
        Newsletter.objects.create(name="Daily briefing", slug="daily", kind="daily"),
        Newsletter.objects.create(name="Breaking news", slug="breaking"),
    ]


@pytest.fixture
def private_list(home):
    return Newsletter.objects.create(name="Staff", slug="staff", is_public=False)


def sign_up(client, capture, email=ADDRESS, ids=(), **extra):
    with capture(execute=True):
        return client.post("/newsletter/subscribe/", {"email": email, "newsletter": ids, **extra})


def confirm_link(message) -> str:
    return re.search(r"http://\S+(/newsletter/confirm/\S+/)", message.body).group(1)


def test_the_form_is_on_every_page_and_carries_nothing_personal(client, lists):
    front = client.get("/").content.decode()
    assert front.count("data-newsletter-form") == 1
    assert "csrfmiddlewaretoken" not in front
    assert front.count("js/newsletters") == 1


def test_the_sign_up_page_has_one_form_with_its_script_and_no_footer_copy(client, lists):
    html = client.get("/newsletter/").content.decode()
    assert html.count('action="/newsletter/subscribe/"') == 1
    assert 'id="newsletter-title-page"' in html and "newsletter-title-footer" not in html
    assert html.count("js/newsletters") == 1
    assert "csrfmiddlewaretoken" not in html


def test_nothing_is_sent_but_the_confirmation_before_confirming(
    client, lists, django_capture_on_commit_callbacks
):
    response = sign_up(client, django_capture_on_commit_callbacks, ids=[lists[1].pk])
    assert response.status_code == 200 and SAME_PAGE in response.content.decode()
    assert (
        response["Cache-Control"].startswith("private") or "no-store" in response["Cache-Control"]
    )
    [message] = mail.outbox
    assert message.to == [ADDRESS] and "Breaking news" in message.body
    subscriber = Subscriber.objects.get(email=ADDRESS)
    assert subscriber.confirmed_at is None and not subscriber.subscriptions.exists()

    response = client.get(confirm_link(message))
    assert response.status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.is_confirmed
    assert list(subscriber.subscriptions.values_list("newsletter", flat=True)) == [lists[1].pk]
    assert client.get(confirm_link(message)).status_code == 200  # twice is harmless
    assert subscriber.subscriptions.count() == 1


def test_a_known_address_reads_the_same_as_a_new_one(
    client, lists, django_capture_on_commit_callbacks
):
    first = sign_up(client, django_capture_on_commit_callbacks, ids=[lists[0].pk])
    Subscriber.objects.filter(email=ADDRESS).update(confirmed_at="2026-01-01T00:00Z")
    again = sign_up(client, django_capture_on_commit_callbacks, ids=[lists[0].pk])
    new = sign_up(client, django_capture_on_commit_callbacks, "other@example.org", [lists[0].pk])
    bodies = {re.sub(r'value="[^"]*@[^"]*"', "", r.content.decode()) for r in (first, again, new)}
    assert len(bodies) == 1
    assert {r.status_code for r in (first, again, new)} == {200}
    assert len(mail.outbox) == 3  # the known address is asked again, never told it is known


def test_json_answer_for_the_script(client, lists, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/newsletter/subscribe/",
            {"email": ADDRESS, "newsletter": [lists[0].pk]},
            HTTP_ACCEPT="application/json",
        )
    assert response.json()["ok"] is True and SAME_PAGE in response.json()["message"]


@pytest.mark.parametrize(
    "email",
    [
        "not-an-address",
        "",
        "a@b",
        "x" * 250 + "@example.org",
        "a@example.org\r\nBcc: v@x.org",
        "a@example.org\nSubject: hi",
        "a\x00@example.org",
    ],
)
def test_bad_addresses_are_refused_with_a_message(client, lists, email):
    response = client.post("/newsletter/subscribe/", {"email": email, "newsletter": [lists[0].pk]})
    assert response.status_code == 400
    page = response.content.decode()
    assert "valid e-mail address" in page or "Null characters are not allowed" in page
    assert not Subscriber.objects.exists() and not mail.outbox


def test_lists_must_be_public_and_chosen(client, lists, private_list):
    for ids in ([], [private_list.pk], ["abc"], [999999]):
        response = client.post("/newsletter/subscribe/", {"email": ADDRESS, "newsletter": ids})
        assert response.status_code == 400, ids
    assert not Subscriber.objects.exists()


def test_the_honeypot_is_told_the_same_and_gets_nothing(
    client, lists, django_capture_on_commit_callbacks
):
    response = sign_up(
        client, django_capture_on_commit_callbacks, ids=[lists[0].pk], website="http://spam"
    )
    assert response.status_code == 200 and SAME_PAGE in response.content.decode()
    assert not Subscriber.objects.exists() and not mail.outbox


def test_budgets_per_address_and_per_network(
    client, lists, settings, django_capture_on_commit_callbacks
):
    settings.MASTHEAD_NEWSLETTER_LIMITS = {"per_email": 2, "per_address": 4}
    cache.clear()
    for _ in range(3):
        response = sign_up(client, django_capture_on_commit_callbacks, ids=[lists[0].pk])
        assert response.status_code == 200
    assert len(mail.outbox) == 2  # a mailbox is not flooded, and nobody is told
    response = sign_up(client, django_capture_on_commit_callbacks, "b@example.org", [lists[0].pk])
    assert response.status_code == 200
    response = sign_up(client, django_capture_on_commit_callbacks, "c@example.org", [lists[0].pk])
    assert response.status_code == 429


def test_posts_from_other_sites_are_refused(client, lists):
    response = client.post(
        "/newsletter/subscribe/",
        {"email": ADDRESS, "newsletter": [lists[0].pk]},
        HTTP_ORIGIN="https://evil.example",
    )
    assert response.status_code == 403


@pytest.fixture
def subscriber(lists):
    subscriber = Subscriber.objects.create(email=ADDRESS, confirmed_at="2026-01-01T00:00Z")
    for newsletter in lists:
        Subscription.objects.create(subscriber=subscriber, newsletter=newsletter)
    return subscriber


def test_tampered_expired_and_erased_links_are_refused(client, subscriber, lists, settings):
    good = links.confirm_token(subscriber, [lists[0].pk])
    for token in (good[:-2] + "xx", "garbage", good.replace(":", "")):
        assert client.get(f"/newsletter/confirm/{token}/").status_code == 400
    manage = links.manage_token(subscriber, lists[0].pk)
    assert client.post(f"/newsletter/unsubscribe/{manage}x/").status_code == 400
    old = links.confirm_token(subscriber, [lists[0].pk])
    settings.SECRET_KEY = settings.SECRET_KEY  # same key, but the link has aged past a week
    from unittest import mock

    with mock.patch("masthead.newsletters.links.CONFIRM_MAX_AGE", -1):
        assert client.get(f"/newsletter/confirm/{old}/").status_code == 400
    Subscriber.objects.filter(pk=subscriber.pk).update(secret="renewed-after-erasure")
    assert client.post(f"/newsletter/unsubscribe/{manage}/").status_code == 400
    assert subscriber.subscriptions.count() == 2


def test_one_click_unsubscribe_and_twice(client, subscriber, lists):
    url = f"/newsletter/unsubscribe/{links.manage_token(subscriber, lists[1].pk)}/"
    page = client.get(url)
    assert page.status_code == 200 and subscriber.subscriptions.count() == 2  # GET only asks
    response = client.post(
        url, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    assert list(subscriber.subscriptions.values_list("newsletter", flat=True)) == [lists[0].pk]
    assert client.post(url, {"List-Unsubscribe": "One-Click"}).status_code == 200
    assert "no-store" in response["Cache-Control"]


def test_an_unsubscribe_post_without_the_token(client, subscriber):
    response = client.post("/newsletter/unsubscribe/", {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 400
    assert "incomplete" in response.content.decode()
    assert subscriber.subscriptions.count() == 2


def test_preferences_change_lists_or_leave(client, subscriber, lists, private_list):
    Subscription.objects.create(subscriber=subscriber, newsletter=private_list)
    url = f"/newsletter/preferences/{links.manage_token(subscriber)}/"
    assert ADDRESS in client.get(url).content.decode()
    assert client.post(url, {"newsletter": [lists[0].pk]}).status_code == 200
    kept = set(subscriber.subscriptions.values_list("newsletter", flat=True))
    assert kept == {lists[0].pk, private_list.pk}
    assert client.post(url, {"newsletter": ["nope"]}).status_code == 400
    assert client.post(url, {"leave": "1"}).status_code == 200
    assert not subscriber.subscriptions.exists()
