from django.apps import AppConfig


class PageCacheConfig(AppConfig):
    name = "masthead.pagecache"
    verbose_name = "Page cache"

    def ready(self) -> None:
        from . import handlers  # noqa: F401 - connects the invalidation signal handlers
