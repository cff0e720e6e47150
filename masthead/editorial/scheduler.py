"""Scheduled publishing that happens without cron.

Wagtail publishes what is due when its `publish_scheduled` command runs. `masthead run`
(what `make run` starts) runs it every SCHEDULER_INTERVAL seconds in a background thread
of the web server; in production `masthead scheduler` does the same as its own process
(or cron runs `masthead publish_scheduled` every minute).
"""

import io
import logging
import threading

from django.conf import settings
from django.core.management import call_command
from django.db import close_old_connections
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)

SCHEDULER_INTERVAL = 30.0


def publish_due() -> None:
    """Publish every page whose go-live time has come, and unpublish the expired ones."""
    output = io.StringIO()
    call_command("publish_scheduled", stdout=output)
    if output.getvalue().strip():
        logger.info("Scheduled publishing: %s", output.getvalue().strip())


class Scheduler(threading.Thread):
    """Runs publish_due() every `interval` seconds until stopped."""

    def __init__(self, interval: float = SCHEDULER_INTERVAL):
        super().__init__(name="masthead-scheduler", daemon=True)
        self.interval = interval
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.is_set():
            self.tick()
            self.stopped.wait(self.interval)

    def tick(self) -> None:
        """Publish what is due, then run the other apps' jobs (MASTHEAD_SCHEDULED_JOBS)."""
        jobs = [publish_due, *map(import_string, getattr(settings, "MASTHEAD_SCHEDULED_JOBS", []))]
        for job in jobs:
            try:
                job()
            except Exception:  # a failed run must not stop the next one, nor the next job
                logger.exception("Scheduled job %s failed", job.__name__)
            finally:
                close_old_connections()

    def stop(self) -> None:
        self.stopped.set()
