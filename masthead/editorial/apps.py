from django.apps import AppConfig


class EditorialConfig(AppConfig):
    name = "masthead.editorial"
    label = "editorial"
    verbose_name = "Editorial workflow and checks"

    def ready(self) -> None:
        from . import signals  # noqa: F401  (connects the publishing handlers)
