from django.apps import AppConfig


class ImagesConfig(AppConfig):
    name = "masthead.images"
    label = "images"
    verbose_name = "Images"

    def ready(self) -> None:
        from django.conf import settings

        from . import signals  # noqa: F401 - tells the page cache what this app's changes touch
        from .memory import return_large_blocks

        return_large_blocks(settings.MASTHEAD_IMAGES_MMAP_THRESHOLD)
