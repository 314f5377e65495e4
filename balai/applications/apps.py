from django.apps import AppConfig


class ApplicationsConfig(AppConfig):
    name = "balai.applications"
    label = "applications"
    verbose_name = "Permohonan"
