"""`masthead scheduler`: the scheduled-publishing loop as a long-running production process.

The loop itself is editorial's (settings.MASTHEAD_SCHEDULER); core keeps the commands that
run processes (`serve`, `run`, `scheduler`) together.
"""

import signal

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.module_loading import import_string


class Command(BaseCommand):
    help = "Publish scheduled articles as their time comes (a long-running process for production)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--interval", type=float, help="Seconds between runs (default: the scheduler's own)."
        )

    def handle(self, *args, interval, **options):
        scheduler_class = import_string(settings.MASTHEAD_SCHEDULER)
        scheduler = scheduler_class(interval) if interval else scheduler_class()
        signal.signal(signal.SIGTERM, lambda *_: scheduler.stop())
        self.stdout.write(
            f"Publishing scheduled articles every {scheduler.interval:g} seconds; "
            "stop with Ctrl-C or SIGTERM."
        )
        scheduler.start()
        try:
            while scheduler.is_alive():
                scheduler.join(timeout=1)
        except KeyboardInterrupt:
            scheduler.stop()
