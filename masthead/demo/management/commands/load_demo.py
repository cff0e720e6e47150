from django.core.management.base import BaseCommand

from masthead.demo.services import load_demo_site


class Command(BaseCommand):
    help = "Load the demo site (front page, sections, articles) unless a front page already exists."

    def handle(self, *args, **options):
        result = load_demo_site()
        if result.created:
            self.stdout.write(self.style.SUCCESS(f"Demo site loaded: {result.articles} articles."))
        else:
            self.stdout.write(
                f"A front page already exists ({result.articles} articles); demo not loaded again."
            )
