"""An image edited or deleted (its alt text, caption, credit) may show on any page;
an image uploaded or given a new focal point gets its renditions before a reader asks."""

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from masthead.pagecache.invalidation import shown_on_every_page

from .models import NewsImage
from .renditions import prepare_on_upload

shown_on_every_page(NewsImage)


@receiver(post_save, sender=NewsImage, dispatch_uid="images-prepare-renditions")
def prepare_renditions_after_save(sender, instance: NewsImage, **kwargs) -> None:
    if prepare_on_upload():
        from .tasks import prepare_image_renditions

        transaction.on_commit(lambda: prepare_image_renditions.enqueue(instance.pk))
