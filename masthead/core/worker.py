"""The task queue's worker: django-tasks-db's, as a thread of `masthead run` or as the
`masthead worker` process.

Tasks wait in a table of the site's database (settings.TASKS); any number of workers,
on any host that reaches the database, take them one at a time, each task by one worker.
"""

import logging
import threading

from django.utils.crypto import get_random_string

from django_tasks import task_backends
from django_tasks_db import DatabaseBackend
from django_tasks_db.management.commands.db_worker import Worker

logger = logging.getLogger(__name__)

WORKER_INTERVAL = 1.0


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
