"""Readers' comments and ratings reach cached pages as soon as readers may see them.

A pending comment bumps nothing; an approval, a removal, a rating or a moderator's edit
renders the article again (masthead/comments/signals.py and services.py).
"""

import itertools
import time

from django.test import Client

import pytest

from masthead.comments.models import Comment, CommentSettings, Moderation
from masthead.comments.moderation import form_token
from masthead.comments.services import comment_set_status
from masthead.core.memo import site_wide
from masthead.pagecache.tests.helpers import cached_text, text_of

pytestmark = pytest.mark.django_db

nonces = itertools.count()


def post_as_reader(article, **fields):
    """Post as another reader's browser, so the page is read afterwards as others read it."""
    data = {
        "name": "Ana",
        "body": "",
        "rating": "",
        "token": form_token(article.pk, f"n{next(nonces)}", now=time.time() - 10),
        **fields,
    }
    response = Client().post(f"/comments/{article.pk}/", data)
    assert response.status_code == 303, response.content
    return response


@pytest.fixture
def post_rating():
    return lambda article, value: post_as_reader(article, rating=str(value))


@pytest.fixture
def post_comment():
    return lambda article, body: post_as_reader(article, body=body)


class TestReaders:
    def test_an_approved_comment_appears_and_a_removed_one_goes(self, client, article, home):
        settings = CommentSettings.for_site(home.get_site())
        settings.moderation = Moderation.ALL
        settings.save()
        comment = Comment.objects.create(
            article=article, name="Ana", body="Well reported.", status=Comment.Status.PENDING
        )
        assert "Well reported." not in cached_text(client, article.url)
        comment_set_status(comment, Comment.Status.APPROVED)
        assert "Well reported." in text_of(client, article.url)
        comment_set_status(comment, Comment.Status.REJECTED)
        assert "Well reported." not in text_of(client, article.url)

    def test_a_moderator_correcting_a_comment_shows_at_once(self, client, article):
        comment = Comment.objects.create(
            article=article, name="Ana", body="Teh port.", status=Comment.Status.PENDING
        )
        comment_set_status(comment, Comment.Status.APPROVED)
        cached_text(client, article.url)
        comment.body = "The port."
        comment.save()
        assert "The port." in text_of(client, article.url)

    def test_a_rating_changes_the_summary(self, client, article, post_rating):
        before = cached_text(client, article.url)
        post_rating(article, 4)
        after = text_of(client, article.url)
        assert "No ratings yet" in before
        assert "Rated 4 out of 5 stars (1 rating)" in after

    def test_a_pending_comment_leaves_cached_pages_alone(self, client, article, post_comment):
        cached_text(client, article.url)
        post_comment(article, "Waiting for a moderator.")
        response = client.get(article.url)
        assert response["X-Masthead-Cache"] == "hit"


def test_changed_comment_settings_apply_to_the_next_post(home):
    site = home.get_site()

    def current():
        return site_wide(("comment-settings", site.pk), lambda: CommentSettings.for_site(site))

    assert current().moderation == Moderation.FIRST_TIME
    settings = CommentSettings.for_site(site)
    settings.moderation = Moderation.NONE
    settings.save()
    assert current().moderation == Moderation.NONE
