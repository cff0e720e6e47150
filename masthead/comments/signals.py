"""What changes to comments tell the page cache.

Approvals, removals and ratings move an article's totals and are told by the services
that recount them (`feedback_save()`); what is left is a moderator's edit of an approved
comment, and the comment settings, which every article's form follows.
"""

from django.db.models.signals import post_save
from django.dispatch import receiver

from masthead.pagecache import dependencies
from masthead.pagecache.invalidation import pages_changed, shown_on_every_page

from .models import Comment, CommentSettings


@receiver(post_save, sender=Comment)
def comment_edited(sender, instance: Comment, created: bool, **kwargs) -> None:
    """An approved comment corrected by a moderator; status changes recount (services)."""
    if not created and instance.status == Comment.Status.APPROVED:
        pages_changed(dependencies.discussion(instance.article_id))


shown_on_every_page(CommentSettings)
