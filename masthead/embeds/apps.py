from django.apps import AppConfig


class EmbedsConfig(AppConfig):
    name = "masthead.embeds"
    label = "embeds"
    verbose_name = "Embeds"
