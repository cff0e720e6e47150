from pathlib import Path

from django.core.management.base import BaseCommand

from masthead.importers.export import write_json_zip, write_wxr


class Command(BaseCommand):
    help = (
        "Export every article with its section, tags, authors, comments and ratings: as "
        "WordPress WXR 1.2 (--format wxr) or as Masthead's JSON with the images in a zip."
    )

    def add_arguments(self, parser):
        parser.add_argument("target", type=Path, help="The file to write (.xml or .zip).")
        parser.add_argument("--format", choices=["wxr", "json"], default="wxr")

    def handle(self, *args, **options):
        if options["format"] == "wxr":
            write_wxr(options["target"])
        else:
            write_json_zip(options["target"])
        self.stdout.write(f"Exported to {options['target']}.")
