"""Delete the receipts of comment-form tokens past their lifetime (run it daily)."""

from datetime import timedelta

from django.core.management.base import BaseCommand

from masthead.comments.moderation import limits
from masthead.comments.services import receipts_prune


class Command(BaseCommand):
    help = "Delete the receipts of comment-form tokens too old to be sent again."

    def handle(self, *args, **options):
        deleted = receipts_prune(older_than=timedelta(seconds=limits().max_form_age))
        self.stdout.write(f"{deleted} receipts of expired comment forms deleted.")
