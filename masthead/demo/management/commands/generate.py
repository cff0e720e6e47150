from django.core.management.base import BaseCommand, CommandError

from masthead.demo.generate import generate_content


class Command(BaseCommand):
    help = "Fill the database with many generated articles and comments, for benchmarks."

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, default=1000)
        parser.add_argument("--comments", type=int, default=10000)
        parser.add_argument("--seed", type=int, default=42)

    def handle(self, *args, articles, comments, seed, **options):
        if articles < 0 or comments < 0:
            raise CommandError("--articles and --comments must be zero or more.")
        result = generate_content(articles=articles, comments=comments, seed=seed)
        self.stdout.write(
            f"Generated {result.articles} articles and {result.comments} comments in {result.seconds:.0f} s. "
            "Readers can search them now; run `masthead update_index` for the admin's search."
        )
