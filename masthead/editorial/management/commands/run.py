from django.contrib.staticfiles.management.commands.runserver import Command as RunserverCommand

from masthead.editorial.scheduler import SCHEDULER_INTERVAL, Scheduler


class Command(RunserverCommand):
    help = (
        "Serve the site for trying it out (runserver) with scheduled publishing in the background."
    )

    def inner_run(self, *args, **options):
        self.stdout.write(
            f"Scheduled publishing: every {SCHEDULER_INTERVAL:.0f} seconds in this process."
        )
        Scheduler().start()
        return super().inner_run(*args, **options)
