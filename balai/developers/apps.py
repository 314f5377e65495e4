from django.apps import AppConfig


class DevelopersConfig(AppConfig):
    name = "balai.developers"
    label = "developers"
    verbose_name = "Portal pengembang"

    def ready(self) -> None:
        from balai.developers import receivers  # noqa: F401 - connects the domain events
