from django.apps import AppConfig


class ImagesConfig(AppConfig):
    name = "masthead.images"
    label = "images"
    verbose_name = "Images"

    def ready(self) -> None:
        from . import signals  # noqa: F401 - tells the page cache what this app's changes touch
