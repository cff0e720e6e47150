from django.apps import AppConfig


class NewsConfig(AppConfig):
    name = "masthead.news"
    label = "news"
    verbose_name = "News"

    def ready(self) -> None:
        from . import signals  # noqa: F401 - tells the page cache what this app's changes touch
        from .search import signals as search_signals  # noqa: F401 - connects the search index's receivers
