from django.apps import AppConfig


class TaxesConfig(AppConfig):
    name = "balai.taxes"
    label = "taxes"
    verbose_name = "Pajak daerah"

    def ready(self) -> None:
        # Taxpayer records follow a citizen who confirms an account (balai.core.events).
        from balai.taxes import receivers

        receivers.connect()
