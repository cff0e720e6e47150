"""`masthead run` (what `make run` starts): Django's development server with the scheduler
and a task worker in its process, so that mails go out with nothing else to start."""

from django.conf import settings
from django.contrib.staticfiles.management.commands.runserver import Command as RunserverCommand
from django.utils.module_loading import import_string

from masthead.core.worker import WorkerThread, uses_database_queue


class Command(RunserverCommand):
    help = (
        "Serve the site for trying it out (runserver) with scheduled publishing in the background."
    )

    def inner_run(self, *args, **options):
        # Here rather than in handle(): the autoreloader runs inner_run in the serving
        # process only, so the loop never runs twice.
        scheduler = import_string(settings.MASTHEAD_SCHEDULER)()
        self.stdout.write(
            f"Scheduled publishing: every {scheduler.interval:g} seconds in this process."
        )
        scheduler.start()
        if uses_database_queue():
            self.stdout.write("Background tasks (mails): a worker thread in this process.")
            WorkerThread().start()
        return super().inner_run(*args, **options)
