"""Acceptance: sign up, confirm, receive an article by real SMTP, one-click unsubscribe."""

import re
from urllib.parse import urlsplit

import pytest

from masthead.news.models import ArticlePage
from masthead.newsletters import jobs
from masthead.newsletters.models import Newsletter, Send, Subscriber

ADDRESS = "reader@example.org"


def path_of(url: str) -> str:
    return urlsplit(url).path


def link_in(message, pattern: str) -> str:
    text = message.get_body(("plain",)).get_content()
    return re.search(rf"(https?://\S*{pattern}\S*/)", text).group(1)


def send_article(article, newsletter, capture, **options) -> Send:
    with capture(execute=True):
        return jobs.send_article(newsletter=newsletter, article=article, user=None, **options)


@pytest.mark.django_db
def test_sign_up_confirm_receive_and_unsubscribe(
    demo, client, smtp, django_capture_on_commit_callbacks
):
    breaking = Newsletter.objects.get(slug="breaking-news")
    article = ArticlePage.objects.live().first()
    page = client.get(article.url)
    assert b'action="/newsletter/subscribe/"' in page.content

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/newsletter/subscribe/", {"email": ADDRESS, "newsletter": [breaking.pk]}
        )
    assert response.status_code == 200
    assert b"a message is on its way" in response.content
    [confirmation] = smtp.to(ADDRESS)
    assert not Subscriber.objects.get(email=ADDRESS).is_confirmed

    assert client.get(path_of(link_in(confirmation, "/confirm/"))).status_code == 200
    assert Subscriber.objects.get(email=ADDRESS).is_confirmed

    send = send_article(article, breaking, django_capture_on_commit_callbacks)
    send.refresh_from_db()
    assert send.status == Send.Status.DONE
    [_confirmation, issue] = smtp.to(ADDRESS)
    assert issue["Subject"] == article.title
    unsubscribe_url = issue["List-Unsubscribe"].strip().strip("<>")
    assert issue["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert issue.get_content_type() == "multipart/alternative"
    html = issue.get_body(("html",)).get_content()
    text = issue.get_body(("plain",)).get_content()
    assert article.title in text and unsubscribe_url in text
    assert 'style="' in html and "<style" not in html
    assert f'href="http://127.0.0.1:8000{article.url}"' in html
    assert not re.search(r'(href|src)="/', html)

    response = client.post(path_of(unsubscribe_url), {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert not Subscriber.objects.get(email=ADDRESS).subscriptions.exists()

    send_article(article, breaking, django_capture_on_commit_callbacks, again=True)
    assert len(smtp.to(ADDRESS)) == 2
