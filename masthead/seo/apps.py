from django.apps import AppConfig


class SeoConfig(AppConfig):
    name = "masthead.seo"
    label = "seo"
    verbose_name = "Search engines and feeds"
