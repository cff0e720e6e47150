"""Writing to the embedded SQLite database from many threads and processes without waiting
in its busy loop.

SQLite lets one writer in at a time; the others poll with growing sleeps (up to 100 ms
a try), which turns a burst of concurrent posts into seconds of tail latency. Queueing
writers on a lock first lets each start the moment the previous one commits: the
threads of one process on a threading lock, then the processes of one server on an
advisory lock on a file beside the database (`flock`, which the kernel hands over at
once when it is released). On PostgreSQL, which locks rows, neither lock is taken.
"""

import fcntl
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection, transaction

_sqlite_writers = threading.Lock()
_lock_files: dict[str, int] = {}  # lock file path → this process's open descriptor


def _forget_parents_locks() -> None:
    """A descriptor inherited over fork() shares its lock with the parent's: reopen."""
    global _sqlite_writers
    _sqlite_writers = threading.Lock()
    for descriptor in _lock_files.values():
        os.close(descriptor)
    _lock_files.clear()


os.register_at_fork(after_in_child=_forget_parents_locks)


def lock_file_path(database: str) -> str | None:
    """The lock file beside a database file; None for an in-memory database."""
    if not database or database == ":memory:" or "mode=memory" in database:
        return None
    return f"{database}-writers.lock"


def lock_file(path: str) -> int:
    if path not in _lock_files:
        _lock_files[path] = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
    return _lock_files[path]


@contextmanager
def sqlite_writer_queue(database: str) -> Iterator[None]:
    """Wait for this process's other writers, then for other processes' writers."""
    path = lock_file_path(database)
    with _sqlite_writers:
        if path is None:
            yield
            return
        descriptor = lock_file(path)
        fcntl.flock(descriptor, fcntl.LOCK_EX)  # waits without holding the GIL
        try:
            yield
        finally:
            fcntl.flock(descriptor, fcntl.LOCK_UN)


@contextmanager
def write_transaction() -> Iterator[None]:
    """transaction.atomic(), queued behind the other SQLite writers of every process."""
    if connection.vendor != "sqlite" or connection.in_atomic_block:
        # An enclosing transaction already queued (or holds the database anyway).
        with transaction.atomic():
            yield
        return
    with sqlite_writer_queue(str(connection.settings_dict["NAME"])), transaction.atomic():
        yield


@contextmanager
def write_statement() -> Iterator[None]:
    """One writing statement (reads before it are fine), queued like write_transaction()
    but in no transaction of its own.

    SQLite commits a lone INSERT by itself; BEGIN and COMMIT around it would only add two
    trips through the driver, each a wait for the GIL on a busy server. Inside another
    transaction a savepoint keeps a refused statement from spoiling it: PostgreSQL
    refuses every later one otherwise.
    """
    if connection.in_atomic_block:
        with transaction.atomic():
            yield
    elif connection.vendor != "sqlite":
        yield
    else:
        with sqlite_writer_queue(str(connection.settings_dict["NAME"])):
            yield
