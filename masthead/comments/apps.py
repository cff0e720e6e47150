from django.apps import AppConfig


class CommentsConfig(AppConfig):
    name = "masthead.comments"
    label = "comments"
    verbose_name = "Comments"

    def ready(self) -> None:
        from . import signals  # noqa: F401 - tells the page cache what this app's changes touch
