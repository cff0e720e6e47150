from django.apps import AppConfig


class NewsConfig(AppConfig):
    name = "masthead.news"
    label = "news"
    verbose_name = "News"

    def ready(self) -> None:
        from .search import signals  # noqa: F401 - connects the search index's receivers
