from django.apps import AppConfig


class HealthConfig(AppConfig):
    name = "balai.health"
    label = "health"
    verbose_name = "Antrean layanan kesehatan"
