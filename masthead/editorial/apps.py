from django.apps import AppConfig


class EditorialConfig(AppConfig):
    name = "masthead.editorial"
    label = "editorial"
    verbose_name = "Editorial workflow and checks"
