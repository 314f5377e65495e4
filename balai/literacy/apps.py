from django.apps import AppConfig


class LiteracyConfig(AppConfig):
    name = "balai.literacy"
    label = "literacy"
    verbose_name = "Literasi digital"
