"""`masthead backup [DIR]`: a consistent snapshot of the database and media (core/backups.py)."""

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from masthead.core import backups


class Command(BaseCommand):
    help = (
        "Back up the database and the uploaded media into DIR (default: "
        "$MASTHEAD_DATA_DIR/backups/<time>), with a manifest of versions and checksums."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", nargs="?", type=Path, help="A new or empty directory.")

    def handle(self, *args, directory=None, **options):
        started = time.perf_counter()
        try:
            report = backups.create_backup(directory)
        except backups.BackupError as error:
            raise CommandError(str(error)) from None
        manifest = report.manifest
        self.stdout.write(
            self.style.SUCCESS(
                f"Backed up the {manifest['vendor']} database and media of Masthead "
                f"{manifest['masthead']} into {report.directory} "
                f"in {time.perf_counter() - started:.1f} s."
            )
        )
