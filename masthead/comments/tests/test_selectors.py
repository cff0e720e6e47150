from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from masthead.comments.models import Comment
from masthead.comments.selectors import THREADS_PER_PAGE, article_discussion
from masthead.comments.services import feedback_refresh


def add_comments(article, count: int, *, replies_each: int = 0) -> None:
    for number in range(count):
        parent = Comment.objects.create(
            article=article,
            name=f"Reader {number}",
            body="Agreed.",
            rating=number % 5 + 1,
            status=Comment.Status.APPROVED,
            reader_key=f"cookie:{number}",
        )
        for reply in range(replies_each):
            Comment.objects.create(
                article=article,
                parent=parent,
                name=f"Replier {reply}",
                body="Indeed.",
                status=Comment.Status.APPROVED,
                reader_key=f"cookie:r{number}-{reply}",
            )
    feedback_refresh([article.pk])


def article_queries(client, url: str) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200 and "X-Masthead-Cache" not in response
    return len(queries)


@pytest.mark.usefixtures("rendering_every_request")
def test_article_page_runs_as_many_queries_with_200_comments_as_with_none(client, article):
    without = article_queries(client, article.url)
    add_comments(article, 200, replies_each=1)
    assert article_queries(client, article.url) == without


def test_discussion_reads_threads_with_replies_in_two_queries(article, django_assert_num_queries):
    add_comments(article, 3, replies_each=2)
    with django_assert_num_queries(2):
        discussion = article_discussion(article.pk)
    assert [len(thread.replies) for thread in discussion.threads] == [2, 2, 2]


def test_long_threads_are_paginated_oldest_first(article):
    add_comments(article, THREADS_PER_PAGE + 5)
    first, second = article_discussion(article.pk, "1"), article_discussion(article.pk, "2")
    assert len(first.threads) == THREADS_PER_PAGE and len(second.threads) == 5
    assert first.threads[0].comment.name == "Reader 0"
    assert first.has_next and not second.has_next and second.num_pages == 2


def test_pending_and_removed_comments_are_not_shown(article):
    for status in (Comment.Status.PENDING, Comment.Status.REJECTED, Comment.Status.SPAM):
        Comment.objects.create(
            article=article, name="Hidden", body="No.", status=status, reader_key="cookie:x"
        )
    assert article_discussion(article.pk).threads == []


def test_a_malformed_comment_page_number_gives_the_first_page(article):
    add_comments(article, 2)
    for raw in ("abc", "-3", "0", ""):
        assert article_discussion(article.pk, raw).page == 1
    assert article_discussion(article.pk, "999").page == 1
