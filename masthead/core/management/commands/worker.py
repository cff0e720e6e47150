"""`masthead worker`: run queued tasks (mails, newsletter sends) as a long-running process.

As many as wanted, on any host that reaches the database; each task runs in one of them.
It is django-tasks-db's `db_worker`, plus, when it starts, a look for newsletter sends
whose worker died (their batches are taken over once their lease ends).
"""

import contextlib

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils.module_loading import import_string

from masthead.core.worker import uses_database_queue

# Run at start: an app's recovery of work a dead worker left (settings-free on purpose:
# a worker must start even where the app is not installed).
ON_START = ["masthead.newsletters.jobs.resume_orphaned_sends"]


class Command(BaseCommand):
    help = "Run queued background tasks (a long-running process for production)."

    def add_arguments(self, parser):
        parser.add_argument("--queues", default="*", help="Queues to serve (default: all).")
        parser.add_argument(
            "--interval", type=float, default=1.0, help="Seconds between looks at an empty queue."
        )
        parser.add_argument("--max-tasks", type=int, help="Stop after this many tasks.")
        parser.add_argument("--batch", action="store_true", help="Stop once the queue is empty.")

    def handle(self, *args, queues, interval, max_tasks, batch, **options):
        if not uses_database_queue():
            raise CommandError(
                "TASKS does not use the database queue: run that backend's own worker."
            )
        for name in ON_START:
            with contextlib.suppress(ImportError):
                import_string(name)()
        self.stdout.write(f"Running queued tasks (queues: {queues}); stop with Ctrl-C or SIGTERM.")
        worker_options = {
            "queue_name": queues,
            "interval": interval,
            "reload": False,
            "startup_delay": False,
            "batch": batch,
            "verbosity": options["verbosity"],
        }
        if max_tasks:
            worker_options["max_tasks"] = max_tasks
        call_command("db_worker", **worker_options)
