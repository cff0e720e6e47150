import signal

from django.core.management.base import BaseCommand

from masthead.editorial.scheduler import SCHEDULER_INTERVAL, Scheduler


class Command(BaseCommand):
    help = "Publish scheduled articles as their time comes (a long-running process for production)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--interval", type=float, default=SCHEDULER_INTERVAL, help="Seconds between runs."
        )

    def handle(self, *args, interval, **options):
        scheduler = Scheduler(interval)
        signal.signal(signal.SIGTERM, lambda *_: scheduler.stop())
        self.stdout.write(
            f"Publishing scheduled articles every {interval:g} seconds; stop with Ctrl-C or SIGTERM."
        )
        scheduler.start()
        try:
            while scheduler.is_alive():
                scheduler.join(timeout=1)
        except KeyboardInterrupt:
            scheduler.stop()
