from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "masthead.core"
    label = "core"
    verbose_name = "Masthead core"

    def ready(self) -> None:
        from . import signals  # noqa: F401 - tells the page cache what this app's changes touch
