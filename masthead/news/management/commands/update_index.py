from django.core.management import call_command

from wagtail.search.management.commands.update_index import Command as WagtailUpdateIndex


class Command(WagtailUpdateIndex):
    """Wagtail's update_index (the admin's search), then reader search's own index: the one
    command operators already know rebuilds both."""

    help = "Rebuild Wagtail's search index (the admin's search), then reader search's index."

    def handle(self, *args, **options):
        super().handle(*args, **options)
        call_command("index_articles", stdout=self.stdout, verbosity=options["verbosity"])
