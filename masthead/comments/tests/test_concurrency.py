"""Many readers posting at once against the real database (SQLite in WAL mode or PostgreSQL)."""

import multiprocessing
import threading

from django.db import connection, connections

import pytest

from masthead.comments.models import ArticleFeedback, Comment, CommentSettings, Moderation, Rating
from masthead.comments.moderation import CommentModerator
from masthead.comments.readers import Reader
from masthead.comments.services import Submission, submission_accept
from masthead.comments.tests.recount import stored_and_recounted

THREADS = 8
COMMENTS = 200


@pytest.mark.django_db(transaction=True)
def test_eight_threads_posting_200_rated_comments_lose_and_duplicate_nothing(
    article, home, settings
):
    settings.MASTHEAD_COMMENT_LIMITS = {"per_reader": 1000, "per_address": 1000}
    site_settings = CommentSettings.for_site(home.get_site())
    site_settings.moderation = Moderation.NONE
    site_settings.save()
    moderator = CommentModerator(site_settings)
    errors: list[BaseException] = []
    start = threading.Barrier(THREADS)

    def poster(worker: int) -> None:
        start.wait()
        try:
            for number in range(worker, COMMENTS, THREADS):
                # Every fourth reader posts twice (a double submit), and readers re-rate.
                for _attempt in range(2 if number % 4 == 0 else 1):
                    submission_accept(
                        article=article,
                        submission=Submission(
                            name=f"Reader {number}",
                            email="",
                            body=f"Comment {number}",
                            rating=number % 5 + 1,
                            parent_id=None,
                            submission_id=f"sub-{number}",
                        ),
                        reader=Reader(
                            key=f"cookie:{number % 150}", address_hash="office", user=None
                        ),
                        moderator=moderator,
                    )
        except BaseException as error:  # noqa: BLE001 - reported to the main thread below
            errors.append(error)
        finally:
            connection.close()

    workers = [threading.Thread(target=poster, args=(n,)) for n in range(THREADS)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()

    assert errors == []
    bodies = list(Comment.objects.values_list("body", flat=True))
    assert len(bodies) == COMMENTS == len(set(bodies))
    stored = ArticleFeedback.objects.get(article=article)
    before, recounted = stored_and_recounted(stored)
    assert before == recounted
    assert stored.rating_count == Rating.objects.count() == 150


PROCESSES = 2


def post_from_a_process(article, moderator, first: int, results) -> None:
    """A forked server worker: its own connections, two threads posting in turn."""
    errors: list[str] = []

    def poster(start: int) -> None:
        try:
            for number in range(start, COMMENTS, THREADS):
                submission_accept(
                    article=article,
                    submission=Submission(
                        name=f"Reader {number}",
                        email="",
                        body=f"Comment {number}" if number % 3 else "",
                        rating=number % 5 + 1,
                        parent_id=None,
                        submission_id=f"sub-{number}",
                    ),
                    reader=Reader(key=f"cookie:{number % 90}", address_hash="office", user=None),
                    moderator=moderator,
                )
        except BaseException as error:  # noqa: BLE001 - reported to the parent below
            errors.append(repr(error))
        finally:
            connection.close()

    workers = [threading.Thread(target=poster, args=(n,)) for n in range(first, THREADS, 2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    results.put(errors)


@pytest.mark.django_db(transaction=True)
def test_two_server_processes_posting_at_once_lose_and_duplicate_nothing(article, home, settings):
    settings.MASTHEAD_COMMENT_LIMITS = {"per_reader": 1000, "per_address": 1000}
    site_settings = CommentSettings.for_site(home.get_site())
    site_settings.moderation = Moderation.NONE
    site_settings.save()
    moderator = CommentModerator(site_settings)
    connections.close_all()  # each process opens its own connection to the database file
    forked = multiprocessing.get_context("fork")
    results = forked.Queue()
    processes = [
        forked.Process(target=post_from_a_process, args=(article, moderator, first, results))
        for first in range(PROCESSES)
    ]
    for process in processes:
        process.start()
    errors = [results.get(timeout=120) for _ in processes]
    for process in processes:
        process.join(30)

    assert errors == [[]] * PROCESSES
    assert Comment.objects.count() == len([n for n in range(COMMENTS) if n % 3])
    stored = ArticleFeedback.objects.get(article=article)
    before, recounted = stored_and_recounted(stored)
    assert before == recounted
    assert stored.rating_count == Rating.objects.count() == 90
