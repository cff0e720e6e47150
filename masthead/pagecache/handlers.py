"""What changes to Wagtail's own pages, sites and view restrictions touch.

Any page may show in the menu and the breadcrumbs of every other page, and sites and
view restrictions decide what is public at all: by default each of those changes bumps
the whole site. A page type that shows in fewer places is claimed by its app
(`invalidation.claim_page_type()`), whose own signal handlers then say what its changes
touch; the apps' models are theirs to map too (each app's signals.py).
"""

from django.db.models.signals import post_delete, post_save, pre_delete
from django.dispatch import receiver

from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from .invalidation import is_claimed, shown_on_every_page, site_changed


@receiver(page_published)
@receiver(page_unpublished)
def page_visibility_changed(sender, instance: Page, **kwargs) -> None:
    if not is_claimed(instance):
        site_changed()


@receiver(post_page_move)
def page_moved(sender, instance: Page, **kwargs) -> None:
    if not is_claimed(instance):
        site_changed()


@receiver(pre_delete, sender=Page)
def page_deleted(sender, instance: Page, **kwargs) -> None:
    if instance.live and not is_claimed(instance):
        site_changed()


@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
def restriction_changed(sender, **kwargs) -> None:
    """A page put behind a password or a login leaves public view, menus and feeds."""
    site_changed()


shown_on_every_page(Site)
