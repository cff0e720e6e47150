"""`masthead restore DIR`: put a backup back and make every cache forget (core/backups.py)."""

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from masthead.core import backups


class Command(BaseCommand):
    help = (
        "Restore the database and the media from a backup made by `masthead backup`, then "
        "invalidate every cache. Refuses a backup of another database vendor or of a newer "
        "Masthead without writing anything. Stop writers (the admin) while it runs."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path, help="A directory `masthead backup` wrote.")

    def handle(self, *args, directory, **options):
        started = time.perf_counter()
        try:
            report = backups.restore_backup(directory)
        except backups.BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored {report.directory} (Masthead {report.manifest['masthead']}, made "
                f"{report.manifest['created']}) in {time.perf_counter() - started:.1f} s; "
                "every cache invalidated."
            )
        )
        if report.missing_migrations:
            self.stdout.write(
                f"The backup predates {len(report.missing_migrations)} migrations of this "
                "version: run `masthead migrate` now."
            )
