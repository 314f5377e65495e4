from django.apps import AppConfig


class OperationsConfig(AppConfig):
    name = "balai.operations"
    verbose_name = "Operasional"
