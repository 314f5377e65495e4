from django.apps import AppConfig


class TransparencyConfig(AppConfig):
    name = "balai.transparency"
    label = "transparency"
    verbose_name = "Transparansi dan SKM"

    def ready(self) -> None:
        # The dashboard's aggregates follow the domain events (balai.core.events).
        from balai.transparency import receivers

        receivers.connect()
