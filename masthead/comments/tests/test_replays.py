"""A form token is good for one submission: a resend is recognised, a reuse is refused.

Issue 12, finding 4: one token replayed without the reader's cookie counted three
rating-only posts, and a token reused with another comment body answered 201 while
the new text was dropped.
"""

from django.test import Client

import pytest

from masthead.comments.models import ArticleFeedback, Comment, Rating
from masthead.comments.tests.conftest import token_for


def send(article, fields: dict, *, token: str, json: bool = True, client: Client | None = None):
    """Post as a browser without the reader's cookie, unless a client is given."""
    form = {"name": "Ana", "email": "", "body": "", "rating": "", "website": "", "token": token}
    form.update(fields)
    headers = {"HTTP_ACCEPT": "application/json"} if json else {}
    return (client or Client()).post(f"/comments/{article.pk}/", form, **headers)


def rating_count(article) -> int:
    return ArticleFeedback.objects.get(article=article).rating_count


def test_a_token_replayed_without_the_cookie_counts_one_rating(article):
    token = token_for(article, nonce="once")
    answers = [send(article, {"rating": "5"}, token=token).status_code for _ in range(3)]
    assert answers == [201, 201, 201]  # a resend is answered as the first post was
    assert Rating.objects.count() == 1
    assert rating_count(article) == 1


def test_a_token_reused_with_another_rating_is_refused(article):
    token = token_for(article, nonce="once")
    assert send(article, {"rating": "5"}, token=token).status_code == 201
    response = send(article, {"rating": "1"}, token=token)
    assert response.status_code == 409
    assert "already sent" in response.json()["message"]
    assert list(Rating.objects.values_list("value", flat=True)) == [5]
    assert rating_count(article) == 1


def test_a_token_reused_with_another_body_is_refused_with_the_form(article):
    token = token_for(article, nonce="once")
    assert send(article, {"body": "First thoughts."}, token=token).status_code == 201
    response = send(article, {"body": "Second thoughts."}, token=token, json=False)
    assert response.status_code == 409
    page = response.content.decode()
    assert "already sent" in page and "Second thoughts." in page  # the form, filled in
    assert list(Comment.objects.values_list("body", flat=True)) == ["First thoughts."]


def test_a_token_used_for_a_rating_cannot_carry_a_comment_later(article):
    token = token_for(article, nonce="once")
    assert send(article, {"rating": "4"}, token=token).status_code == 201
    response = send(article, {"body": "And a comment.", "rating": "4"}, token=token)
    assert response.status_code == 409
    assert not Comment.objects.exists()


def test_a_genuine_resend_is_answered_as_the_first_post(article, client):
    token = token_for(article, nonce="once")
    fields = {"body": "A fair summary.", "rating": "4"}
    first = send(article, fields, token=token, client=client).json()
    again = send(article, fields, token=token, client=client).json()
    assert first["ok"] and again["ok"]
    assert (first["message"], first["pending"]) == (again["message"], again["pending"])
    assert Comment.objects.count() == 1


def test_a_resent_rating_is_answered_as_the_first_post(article, client):
    token = token_for(article, nonce="once")
    first = send(article, {"rating": "3"}, token=token, client=client).json()
    again = send(article, {"rating": "3"}, token=token, client=client).json()
    assert first["message"] == again["message"] and again["rating"] == 3
    assert rating_count(article) == 1


@pytest.mark.parametrize("fields", [{"rating": "5"}, {"body": "Well put."}])
def test_two_tokens_still_make_two_submissions(article, client, fields):
    for nonce in ("one", "two"):
        response = send(article, fields, token=token_for(article, nonce=nonce), client=client)
        assert response.status_code == 201


def test_receipts_of_expired_tokens_are_pruned(article):
    from datetime import timedelta
    from io import StringIO

    from django.core.management import call_command
    from django.utils import timezone

    from masthead.comments.models import SubmissionReceipt

    for nonce in ("old", "new"):
        send(article, {"rating": "4"}, token=token_for(article, nonce=nonce))
    SubmissionReceipt.objects.filter(submission_id="old").update(
        created_at=timezone.now() - timedelta(days=3)
    )
    output = StringIO()
    call_command("prune_comment_receipts", stdout=output)
    assert "1 receipts" in output.getvalue()
    assert list(SubmissionReceipt.objects.values_list("submission_id", flat=True)) == ["new"]
