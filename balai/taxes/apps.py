from django.apps import AppConfig


class TaxesConfig(AppConfig):
    name = "balai.taxes"
    label = "taxes"
    verbose_name = "Pajak daerah"
