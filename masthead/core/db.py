"""Writing to the embedded SQLite database from many threads without waiting in its busy loop.

SQLite lets one writer in at a time; the others poll with growing sleeps (up to 100 ms
a try), which turns a burst of concurrent posts into seconds of tail latency. Queueing
writers of one process on a lock first lets each start the moment the previous one
commits. On PostgreSQL, which locks rows, the lock is not taken.
"""

import threading
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext

from django.db import connection, transaction

_sqlite_writers = threading.Lock()


@contextmanager
def write_transaction() -> Iterator[None]:
    """transaction.atomic(), queued behind this process's other SQLite writers."""
    queue = _sqlite_writers if connection.vendor == "sqlite" else nullcontext()
    with queue, transaction.atomic():
        yield
