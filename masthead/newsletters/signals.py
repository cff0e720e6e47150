"""What changes to newsletters tell the page cache: the lists are in every page's footer
sign-up form, and a finished send adds an issue to its list's archive."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from masthead.pagecache.invalidation import pages_changed, site_changed

from .models import Newsletter, Send


@receiver(post_save, sender=Newsletter)
@receiver(post_delete, sender=Newsletter)
def newsletter_changed(sender, **kwargs) -> None:
    site_changed()


def send_archived(send_id: int) -> None:
    """A send is done: its list's archive shows one more issue (told by sending.py, whose
    state changes are updates that send no signal)."""
    slug = Send.objects.filter(pk=send_id).values_list("newsletter__slug", flat=True).first()
    if slug:
        pages_changed(archive_dependency(slug))


def archive_dependency(slug: str) -> str:
    return f"newsletter:{slug}"
