"""The queue SQLite writers wait in, across threads and across processes."""

import fcntl
import multiprocessing
import threading
import time

from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

import pytest

from masthead.core.db import (
    lock_file,
    lock_file_path,
    sqlite_writer_queue,
    write_statement,
    write_transaction,
)
from masthead.users.models import User

HOLD = 0.3


def hold_the_queue(database: str, holding, release) -> None:
    with sqlite_writer_queue(database):
        holding.set()
        release.wait(10)


def try_the_lock(database: str, result) -> None:
    try:
        fcntl.flock(lock_file(lock_file_path(database)), fcntl.LOCK_EX | fcntl.LOCK_NB)
        result.put("taken")
    except BlockingIOError:
        result.put("busy")


@pytest.fixture
def database(tmp_path) -> str:
    return str(tmp_path / "masthead.sqlite3")


@pytest.fixture
def forked():
    return multiprocessing.get_context("fork")


def test_a_writer_in_another_process_waits_until_the_first_is_done(database, forked):
    holding, release = forked.Event(), forked.Event()
    other = forked.Process(target=hold_the_queue, args=(database, holding, release))
    other.start()
    assert holding.wait(10)
    threading.Timer(HOLD, release.set).start()
    began = time.monotonic()
    with sqlite_writer_queue(database):
        waited = time.monotonic() - began
    other.join(10)
    assert waited >= HOLD * 0.8


def test_a_forked_process_does_not_share_its_parents_lock(database, forked):
    result = forked.Queue()
    with sqlite_writer_queue(database):
        child = forked.Process(target=try_the_lock, args=(database, result))
        child.start()
        child.join(10)
    assert result.get(timeout=5) == "busy"


def test_threads_of_one_process_take_turns(database):
    inside, overlaps = [], []

    def writer() -> None:
        for _ in range(20):
            with sqlite_writer_queue(database):
                inside.append(1)
                overlaps.append(len(inside))
                time.sleep(0.001)
                inside.pop()

    threads = [threading.Thread(target=writer) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert max(overlaps) == 1 and len(overlaps) == 80


def test_an_in_memory_database_has_no_lock_file():
    assert lock_file_path(":memory:") is None
    assert lock_file_path("file:memorydb_default?mode=memory&cache=shared") is None


@pytest.mark.django_db(transaction=True)
def test_a_write_transaction_inside_another_does_not_wait_for_itself():
    with write_transaction(), write_transaction():
        assert connection.in_atomic_block


@pytest.mark.django_db(transaction=True)
def test_a_write_statement_is_the_statement_alone_and_waits_in_the_queue(monkeypatch):
    queued = []
    monkeypatch.setattr(
        "masthead.core.db.sqlite_writer_queue", lambda database: queue_spy(queued, database)
    )
    with CaptureQueriesContext(connection) as queries, write_statement():
        User.objects.create(username="ana")
    assert [query["sql"].split()[0] for query in queries] == ["INSERT"]
    assert len(queued) == (1 if connection.vendor == "sqlite" else 0)


def queue_spy(queued: list, database: str):
    queued.append(database)
    return sqlite_writer_queue(database)


@pytest.mark.django_db(transaction=True)
def test_a_refused_write_statement_leaves_the_enclosing_transaction_usable():
    with transaction.atomic():
        User.objects.create(username="ana")
        with pytest.raises(IntegrityError), write_statement():
            User.objects.create(username="ana")
        User.objects.create(username="ben")
    assert sorted(User.objects.values_list("username", flat=True)) == ["ana", "ben"]
