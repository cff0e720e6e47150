from django.core.management.base import BaseCommand

from masthead.news.search.index import rebuild_index


class Command(BaseCommand):
    help = (
        "Rebuild reader search's index of live articles. Publishing keeps it up to date; "
        "run this after a bulk change made without Wagtail (an SQL import, a restore)."
    )

    def handle(self, *args, **options):
        count = rebuild_index()
        self.stdout.write(f"Indexed {count} live articles for reader search.")
