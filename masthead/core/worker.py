"""The task queue's worker: django-tasks-db's, as a thread of `masthead run` or as the
`masthead worker` process.

Tasks wait in a table of the site's database (settings.TASKS); any number of workers,
on any host that reaches the database, take them one at a time, each task by one worker.
"""

import logging
import threading
import time

from django.conf import settings
from django.core.management import call_command
from django.utils.crypto import get_random_string

from django_tasks import task_backends
from django_tasks_db import DatabaseBackend
from django_tasks_db.management.commands.db_worker import Worker

logger = logging.getLogger(__name__)

WORKER_INTERVAL = 1.0
# Seconds between two prunings of the queue's result rows by one scheduler.
PRUNE_EVERY = 6 * 3600
_last_pruned: float | None = None


def uses_database_queue() -> bool:
    return isinstance(task_backends["default"], DatabaseBackend)


def new_worker(interval: float = WORKER_INTERVAL, queues: str = "*") -> Worker:
    return Worker(
        queue_names=queues.split(","),
        interval=interval,
        batch=False,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id=get_random_string(32),
        excluded_queue_names=[],
    )


class WorkerThread(threading.Thread):
    """Runs queued tasks in the background of the development server."""

    def __init__(self, interval: float = WORKER_INTERVAL):
        super().__init__(name="masthead-worker", daemon=True)
        self.worker = new_worker(interval)

    def run(self) -> None:
        try:
            self.worker.run()
        except Exception:
            logger.exception("The task worker stopped")

    def stop(self) -> None:
        self.worker.running = False


def prune_task_results(now: float | None = None) -> bool:
    """A scheduler job (MASTHEAD_SCHEDULED_JOBS): finished tasks' result rows older than
    MASTHEAD_TASK_RESULTS_DAYS deleted, at most every PRUNE_EVERY seconds; True if it ran.

    Every task leaves a row (a send, each confirmation mail, each index update): without
    this the table grows by thousands a day.
    """
    global _last_pruned
    now = time.monotonic() if now is None else now
    if not uses_database_queue() or (_last_pruned is not None and now - _last_pruned < PRUNE_EVERY):
        return False
    _last_pruned = now
    days = settings.MASTHEAD_TASK_RESULTS_DAYS
    call_command("prune_db_task_results", "--queue-name=*", f"--min-age-days={days}", verbosity=0)
    return True
