from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from masthead.importers.services import ImportOptions, import_path


def section_pairs(values: list[str]) -> dict[str, str]:
    pairs = {}
    for value in values:
        old, separator, new = value.partition("=")
        if not separator or not old.strip() or not new.strip():
            raise CommandError(f"--section-map takes old=new, not {value!r}")
        pairs[old.strip()] = new.strip()
    return pairs


class Command(BaseCommand):
    help = (
        "Import articles from a WordPress WXR file, a Ghost JSON export, saved web pages "
        "(.html, a folder or a .zip) or a page's text (.txt). The format is read from the content."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument(
            "--dry-run", action="store_true", help="Write nothing; print the same report."
        )
        parser.add_argument(
            "--skip-existing",
            action="store_true",
            help="Leave articles imported before as they are.",
        )
        parser.add_argument(
            "--publish",
            action="store_true",
            help="Keep each item's status and dates (default: drafts).",
        )
        parser.add_argument("--section-map", action="append", default=[], metavar="OLD=NEW")
        parser.add_argument(
            "--media",
            type=Path,
            help="The folder holding the images (wp-content/uploads, content/images).",
        )
        parser.add_argument(
            "--fetch-media", action="store_true", help="Download images the media folder lacks."
        )
        parser.add_argument(
            "--report", type=Path, help="Also write the report as JSON to this file."
        )

    def handle(self, *args, **options):
        settings = ImportOptions(
            dry_run=options["dry_run"],
            skip_existing=options["skip_existing"],
            publish=options["publish"],
            section_map=section_pairs(options["section_map"]),
            media_dir=options["media"],
            fetch_media=options["fetch_media"],
        )
        report = import_path(options["path"], options=settings)
        for line in report.lines():
            self.stdout.write(line)
        if options["report"]:
            options["report"].write_text(report.to_json(), encoding="utf-8")
        if report.error:
            raise CommandError(report.error)
